import { extname } from 'node:path';
import type { SupportedLanguage } from '@code-interpreter/core';

const languageByExtension: Record<string, SupportedLanguage> = {
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.py': 'python',
};

/** The language of a file from its extension, or undefined when the extension says nothing. */
export function languageFromPath(path: string): SupportedLanguage | undefined {
  return languageByExtension[extname(path).toLowerCase()];
}

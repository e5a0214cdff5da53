import { transform } from 'sucrase';
import { SourceSyntaxError } from './source-syntax-error';

/**
 * Removes TypeScript syntax (types, interfaces, `as`, generics, enums become objects) and keeps
 * every line where it was, so errors point at the user's own line numbers. No type checking,
 * like Node's own type stripping.
 */
export function stripTypeScript(code: string): string {
  try {
    return transform(code, {
      transforms: ['typescript'],
      disableESTransforms: true,
      keepUnusedImports: false,
      preserveDynamicImport: true,
    }).code;
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    // Sucrase messages end with " (line:column)".
    const match = /^(.*?)\s*\((\d+):(\d+)\)\s*$/s.exec(raw);
    if (match) {
      throw new SourceSyntaxError(
        match[1] ?? raw,
        'typescript',
        Number(match[2]),
        Number(match[3]) + 1,
      );
    }
    throw new SourceSyntaxError(raw, 'typescript', undefined, undefined);
  }
}

import { InvalidInputError } from '../errors/invalid-input-error';
import {
  codeExecutionLimits,
  type SupportedLanguage,
  supportedLanguages,
} from '../schema/code-execution-schema';
import type { CodeInterpreterOptions } from './code-interpreter-options';

/** The interpreter's options with defaults applied and checked. */
export interface ResolvedLimits {
  languages: readonly SupportedLanguage[];
  python: 'pyodide' | 'native';
  maxTimeoutMs: number;
  defaultTimeoutMs: number;
  maxMemoryLimitMb: number;
  defaultMemoryLimitMb: number;
  maxOutputChars: number;
}

function bounded(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const resolved = value ?? fallback;
  if (!Number.isFinite(resolved) || resolved < min || resolved > max) {
    throw new InvalidInputError({
      issues: [{ path: name, message: `must be a number from ${min} to ${max} (got ${value})` }],
    });
  }
  return Math.floor(resolved);
}

/** Applies defaults and checks the application's options; throws `InvalidInputError` on misuse. */
export function resolveLimits(options: CodeInterpreterOptions): ResolvedLimits {
  const l = codeExecutionLimits;
  const maxTimeoutMs = bounded(
    'maxTimeoutMs',
    options.maxTimeoutMs,
    l.maxTimeoutMs,
    l.minTimeoutMs,
    l.maxTimeoutMs,
  );
  const maxMemoryLimitMb = bounded(
    'maxMemoryLimitMb',
    options.maxMemoryLimitMb,
    l.maxMemoryLimitMb,
    l.minMemoryLimitMb,
    l.maxMemoryLimitMb,
  );
  const languages = options.languages ?? supportedLanguages;
  for (const language of languages) {
    if (!supportedLanguages.includes(language)) {
      throw new InvalidInputError({
        issues: [
          {
            path: 'languages',
            message: `unknown language '${language}'; use ${supportedLanguages.join(', ')}`,
          },
        ],
      });
    }
  }
  if (languages.length === 0) {
    throw new InvalidInputError({
      issues: [{ path: 'languages', message: 'must list at least one language' }],
    });
  }
  const python = options.python ?? 'pyodide';
  if (python !== 'pyodide' && python !== 'native') {
    throw new InvalidInputError({
      issues: [{ path: 'python', message: "must be 'pyodide' or 'native'" }],
    });
  }
  return {
    languages,
    python,
    maxTimeoutMs,
    defaultTimeoutMs: Math.min(
      maxTimeoutMs,
      bounded(
        'defaultTimeoutMs',
        options.defaultTimeoutMs,
        l.defaultTimeoutMs,
        l.minTimeoutMs,
        l.maxTimeoutMs,
      ),
    ),
    maxMemoryLimitMb,
    defaultMemoryLimitMb: Math.min(
      maxMemoryLimitMb,
      bounded(
        'defaultMemoryLimitMb',
        options.defaultMemoryLimitMb,
        l.defaultMemoryLimitMb,
        l.minMemoryLimitMb,
        l.maxMemoryLimitMb,
      ),
    ),
    maxOutputChars: bounded('maxOutputChars', options.maxOutputChars, 100_000, 100, 10_000_000),
  };
}

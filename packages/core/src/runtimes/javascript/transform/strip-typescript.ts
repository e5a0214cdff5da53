import { transform } from 'sucrase';
import { SourceSyntaxError } from './source-syntax-error';
import { splitTrailingPosition } from './trailing-position';

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
    // Sucrase messages end with " (line:column)", both 1-based like the user's editor.
    const { text, line, column } = splitTrailingPosition(raw, '(');
    throw new SourceSyntaxError(text, 'typescript', line, column);
  }
}

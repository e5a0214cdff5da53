/** A syntax error found before the code reaches V8, positioned in the user's code (1-based). */
export class SourceSyntaxError extends Error {
  constructor(
    message: string,
    /** Which step found it: the TypeScript stripper or the JavaScript parser of the REPL rewrite. */
    readonly foundBy: 'typescript' | 'javascript',
    readonly line: number | undefined,
    readonly column: number | undefined,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

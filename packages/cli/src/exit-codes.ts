/** Exit codes of the `code-interpreter` command. */
export const exitCodes = {
  /** The code ran without an error. */
  success: 0,
  /** The code failed: an uncaught error, a timeout or a limit. */
  codeFault: 1,
  /** The command could not run the code: a wrong flag or file, invalid input, a runtime missing. */
  misuse: 2,
} as const;

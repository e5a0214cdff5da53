/**
 * How much of each result field may cross from a sandbox to the host. Every runtime caps these
 * inside the sandbox, before the text leaves it (the JavaScript runtime in the isolate, the Python
 * driver in the interpreter), and the worker enforces them again on the outcome it sends to the
 * application, so a program cannot make the host hold more than this per run, whatever it prints,
 * throws or returns.
 *
 * `stdout`, `stderr` and the rendered `value` each keep at most the run's `maxOutputChars` (head
 * and tail, with a note of how much was cut between).
 */
export const resultCaps = {
  /** Most characters of an error's name (`TypeError`, a class name the program chose). */
  errorNameChars: 200,
  /** Most characters of an error's message. */
  errorMessageChars: 8_000,
  /** Most characters of an error's stack or traceback. */
  errorStackChars: 16_000,
  /** Most images in one result. */
  images: 20,
  /** Most base64 characters of all images of one result together (24 MB of PNG). */
  imageBase64Chars: 32 * 1024 * 1024,
} as const;

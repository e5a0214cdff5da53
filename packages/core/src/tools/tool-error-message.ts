/** Most characters of a tool's error message that reach the sandbox. */
const maxMessageChars = 2_000;

/** An absolute POSIX path of two or more segments, not part of a URL (`https://host/a/b`). */
const posixPath = /(?<![\w:/.~-])(?:file:\/\/)?(?:\/[\w.@+~-]+){2,}\/?/g;
/** A Windows path (`C:\Users\...`) or UNC path. */
const windowsPath = /(?:\b[A-Za-z]:|\\\\[\w.-]+)\\[^\s'"`<>|,;]*/g;

/**
 * What the sandbox learns of an error a tool threw: its message, with host file paths replaced
 * by `<path>`, cut to 2,000 characters; never its stack, its cause or its other properties. A
 * Node.js system error (`ENOENT`, `ECONNREFUSED`, ...) says only its code: its message names host
 * paths and addresses.
 */
export function toolErrorMessage(error: unknown): string {
  let message: string;
  if (error instanceof Error) {
    const { code } = error as { code?: unknown };
    if (typeof code === 'string' && ('syscall' in error || 'errno' in error)) {
      return `the tool failed with a system error (${code.slice(0, 40)})`;
    }
    message = safeString(() => error.message);
  } else if (typeof error === 'string') {
    message = error;
  } else {
    message = '';
  }
  message = message.replace(posixPath, '<path>').replace(windowsPath, '<path>').trim();
  if (message.length > maxMessageChars) message = `${message.slice(0, maxMessageChars)}…`;
  return message || 'the tool failed';
}

function safeString(read: () => unknown): string {
  try {
    const value = read();
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

import { escapeControlCharacters } from '../display/escape-control-characters';
import type { ExecutionResult } from '../result/execution-result';
import type { WorkspaceFileChange } from '../workspace/file-change';
import { summarizeToolCalls } from './summarize-tool-calls';

/** Options of {@link formatResultForModel}. */
export interface FormatResultForModelOptions {
  /**
   * Most characters of the error's stack or traceback to include.
   * @default 2000
   */
  maxStackChars?: number;
  /**
   * The run's time limit in ms, named in the note of a run that timed out.
   * @default the result's `timeoutMs`, else its measured `executionTime`, rounded
   */
  timeoutMs?: number;
}

/**
 * `text` without the newlines that end it. A loop, not `/\n+$/`: the program controls the text,
 * and that regex is quadratic over a long run of newlines that does not end the text (100,000 of
 * them took 7 s).
 */
function withoutTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  return text.slice(0, end);
}

/**
 * A stack or traceback without the `Name: message` line the headline already says (a JavaScript
 * stack starts with it, a Python traceback ends with it), so the model reads the error once.
 */
function withoutSummary(stack: string | undefined, summary: string): string {
  if (!stack) return '';
  if (stack === summary) return '';
  if (stack.startsWith(`${summary}\n`)) return stack.slice(summary.length + 1);
  if (stack.endsWith(`\n${summary}`)) return stack.slice(0, -(summary.length + 1));
  return stack;
}

/** Most changed files named one by one; the rest are counted. */
const maxFilesNamed = 20;

/** `[Files: created /workspace/out.png (12.4 KB); deleted /workspace/tmp.txt]` */
function describeFileChanges(files: readonly WorkspaceFileChange[]): string {
  const named = files.slice(0, maxFilesNamed).map((file) => {
    // A name a program made may hold control characters: shown escaped, on one line.
    const path = escapeControlCharacters(file.path.replaceAll('\n', '\\n').replaceAll('\t', '\\t'));
    return file.change === 'deleted'
      ? `deleted ${path}`
      : `${file.change} ${path} (${formatBytes(file.size)})`;
  });
  const more = files.length > maxFilesNamed ? `; and ${files.length - maxFilesNamed} more` : '';
  return `[Files: ${named.join('; ')}${more}]`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Renders a result as the compact text a language model reads: the output (printed text and the
 * last expression's value), then the error with its line and trimmed traceback, a timeout note, a
 * truncation note, how many images are attached and the files changed, and last, for a run that
 * called the application's tools, a one-line summary of the calls (`summarizeToolCalls`). Images
 * themselves are sent separately.
 *
 * @example
 * ```ts
 * formatResultForModel(await interpreter.run({ language: 'python', code: 'print(6 * 7)' }));
 * // '42'
 * ```
 */
export function formatResultForModel(
  result: ExecutionResult,
  options: FormatResultForModelOptions = {},
): string {
  const maxStackChars = options.maxStackChars ?? 2000;
  const parts: string[] = [];
  // A run that found its session's state gone says so first: what it printed may be a NameError.
  if (result.sessionReset?.when === 'before-this-run') {
    parts.push(`[Session reset: ${result.sessionReset.message}]`);
  }
  const output =
    result.output ?? [result.stdout, result.stderr, result.value].filter(Boolean).join('\n');
  if (output.trim() !== '') parts.push(withoutTrailingNewlines(output));

  if (!result.success) {
    if (result.timedOut) {
      parts.push(
        `Timed out after ${options.timeoutMs ?? result.timeoutMs ?? Math.round(result.executionTime)} ms: the program was stopped. Make it faster, or ask for a longer \`timeout\` if the limit allows.`,
      );
    } else {
      const info = result.errorInfo;
      let headline =
        result.error ?? (info ? `${info.name}: ${info.message}` : 'The program failed.');
      if (info?.line !== undefined && !headline.includes(`line ${info.line}`)) {
        headline += ` (line ${info.line})`;
      }
      parts.push(`Error: ${headline}`);
      const stack = info ? withoutSummary(info.stack?.trim(), `${info.name}: ${info.message}`) : '';
      if (stack && stack !== headline && !headline.includes(stack)) {
        parts.push(
          stack.length > maxStackChars ? `${stack.slice(0, maxStackChars)}\n[stack cut]` : stack,
        );
      }
    }
  }
  // A run that ended its session's state says so whatever else it says (a timeout's note does
  // not repeat the error message that carries it).
  if (result.sessionReset?.when === 'this-run') {
    parts.push(`[Session reset: ${result.sessionReset.message}]`);
  }
  if (result.truncated) {
    parts.push('[Output was too long: the middle was cut, the start and the end are kept.]');
  }
  if (result.images.length > 0) {
    parts.push(`[${plural(result.images.length, 'image')} attached]`);
  }
  if (result.files && result.files.length > 0) parts.push(describeFileChanges(result.files));
  if (parts.length === 0) {
    parts.push('(no output: print values or end with an expression to see a result)');
  }
  const toolCalls = summarizeToolCalls(result.toolCalls);
  if (toolCalls) parts.push(toolCalls);
  return parts.join('\n');
}

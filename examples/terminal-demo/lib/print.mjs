// Terminal output of the demo: what a person wants to read, with colour only on a terminal.
// Text that the model or a sandboxed program wrote is shown with its control characters escaped
// (`visible`), so it cannot move the cursor, overwrite a result or set the terminal's title.
import { escapeControlCharacters as visible } from '@code-interpreter/core';

const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (text) => (colour ? `\x1b[${code}m${text}\x1b[0m` : String(text));
export const dim = paint('2');
export const bold = paint('1');
export const red = paint('31');
export const green = paint('32');
export const yellow = paint('33');
export const cyan = paint('36');

const languageNames = { javascript: 'JavaScript', typescript: 'TypeScript', python: 'Python' };

export const print = (text = '') => process.stdout.write(`${text}\n`);

/** `12.3 ms`, `1.24 s`. */
export function duration(ms) {
  return ms < 1000
    ? `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`
    : `${(ms / 1000).toFixed(2)} s`;
}

/** Indents every line of `text` with `prefix`. */
export function indent(text, prefix) {
  return text.replace(/\n$/, '').replace(/^/gm, prefix);
}

/** A section header: `── title ─────`. */
export function header(title) {
  const width = Math.max(20, Math.min(process.stdout.columns || 100, 100));
  const line = '─'.repeat(Math.max(3, width - title.length - 4));
  print(`\n${bold(`── ${title} `)}${dim(line)}`);
}

/** The model's words. */
export function printModelText(text, ms) {
  print(`${cyan('model')} ${dim(`(${duration(ms)})`)}`);
  print(indent(visible(text), '  '));
}

/** The code of a tool call, numbered. */
export function printCode(step, input) {
  const limit = input.timeout ? `, time limit ${input.timeout} ms` : '';
  header(`run ${step} · ${languageNames[input.language] ?? input.language}${limit}`);
  const lines = input.code.split('\n');
  const width = String(lines.length).length;
  lines.forEach((line, index) => {
    print(`${dim(`${String(index + 1).padStart(width)} │`)} ${visible(line)}`);
  });
}

/** A chunk of live output (printed while the program runs). */
export function printLive(text, stream) {
  print(indent(visible(text), stream === 'stderr' ? red('  ┃ ') : green('  ┃ ')));
}

/** How a run ended: value, error with its line, timeout, images, timings. */
export function printOutcome(result, wallMs) {
  if (result.value !== undefined)
    print(`  ${dim('=>')} ${indent(visible(result.value), '     ').trimStart()}`);
  const timing = dim(`(sandbox ${duration(result.executionTime)}, round trip ${duration(wallMs)})`);
  if (result.success) {
    print(`  ${green('✓ done')} ${timing}`);
  } else if (result.timedOut) {
    print(
      `  ${yellow(`⏱ timed out: ${visible(result.errorInfo?.message ?? result.error)}`)} ${timing}`,
    );
  } else {
    const where = result.errorInfo?.line ? ` at line ${result.errorInfo.line}` : '';
    print(
      `  ${red(`✗ ${visible(result.errorInfo?.name ?? 'Error')}${where}: ${visible(result.errorInfo?.message ?? result.error)}`)} ${timing}`,
    );
  }
}

/** The tool refused the call (misuse or infrastructure); the model gets the message. */
export function printRefusal(error) {
  print(
    `  ${red(`✗ the tool refused: ${visible(error instanceof Error ? error.message : String(error))}`)}`,
  );
}

/** `312 B`, `16.3 KB`, `1.20 MB`. */
export function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

const changeMarks = { created: '+', modified: '~', deleted: '-' };

/** The workspace files a run created, modified or deleted (`result.files`). */
export function printFileChanges(files = []) {
  for (const file of files) {
    const details =
      file.change === 'deleted' ? '' : ` ${dim(`(${size(file.size)}, ${file.mediaType})`)}`;
    print(
      `  ${cyan(`${changeMarks[file.change] ?? '?'} ${file.change}`)} ${visible(file.path)}${details}`,
    );
  }
}

// What the agent prints: each model message, each tool call with its code, live output, and the
// result, as a person wants to read them. Colour only on a terminal. Text that the model or the
// sandboxed program wrote has its control characters escaped (`visible`), so it cannot move the
// cursor, overwrite a result or set the terminal's title.
import { escapeControlCharacters as visible } from '@code-interpreter/core';

const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (text) => (colour ? `\x1b[${code}m${text}\x1b[0m` : String(text));
const dim = paint('2');
const bold = paint('1');
const red = paint('31');
const green = paint('32');
const yellow = paint('33');
const cyan = paint('36');

export const print = (text = '') => process.stdout.write(`${text}\n`);
const indent = (text, prefix) => visible(text).replace(/\n$/, '').replace(/^/gm, prefix);
const duration = (ms) =>
  ms < 1000 ? `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;

export function printHeader(label, prompt) {
  print(bold('LangChain agent (createAgent) with the code interpreter tool'));
  print(`${dim('model')} ${label}`);
  print(`\n${bold('you')}  ${prompt}`);
}

export function printModelText(text) {
  if (text.trim()) print(`\n${cyan('model')}  ${indent(text.trim(), '       ').trimStart()}`);
}

export function printToolCall(index, input) {
  const limit = input.timeout ? `, time limit ${input.timeout} ms` : '';
  print(`\n${bold(`▶ run_code #${index}`)} ${dim(`(${input.language}${limit})`)}`);
  const lines = input.code.split('\n');
  const width = String(lines.length).length;
  for (const [number, line] of lines.entries()) {
    print(`${dim(`${String(number + 1).padStart(width)} │`)} ${visible(line)}`);
  }
}

/** Text of each stream not yet printed because its line has not ended. */
const pendingLine = { stdout: '', stderr: '' };

/**
 * A chunk of live output: its complete lines now, the rest when its line ends (or the run does),
 * so a line that arrives in pieces is printed once, not as a line and an empty one.
 */
export function printLiveOutput(chunk) {
  const text = pendingLine[chunk.stream] + chunk.text;
  const end = text.lastIndexOf('\n') + 1;
  pendingLine[chunk.stream] = text.slice(end);
  if (end > 0) printLines(text.slice(0, end), chunk.stream);
}

/** Prints what live output is still waiting for the end of its line (call when a run ends). */
export function flushLiveOutput() {
  for (const stream of ['stdout', 'stderr']) {
    if (pendingLine[stream]) printLines(pendingLine[stream], stream);
    pendingLine[stream] = '';
  }
}

function printLines(text, stream) {
  print(indent(text, stream === 'stderr' ? red('  ┃ ') : green('  ┃ ')));
}

/** The ToolMessage's artifact (the full ExecutionResult): value, error and its line, timing. */
export function printToolResult(result) {
  if (result.value !== undefined)
    print(`  ${dim('=>')} ${indent(result.value, '     ').trimStart()}`);
  const timing = dim(`(${duration(result.executionTime)})`);
  if (result.success) print(`  ${green('✓ done')} ${timing}`);
  else if (result.timedOut) print(`  ${yellow(`⏱ ${visible(result.error)}`)} ${timing}`);
  else {
    const where = result.errorInfo?.line ? ` at line ${result.errorInfo.line}` : '';
    print(
      `  ${red(`✗ ${visible(result.errorInfo?.name ?? 'Error')}${where}: ${visible(result.errorInfo?.message ?? result.error)}`)} ${timing}`,
    );
  }
  if (result.images.length > 0) print(`  ${result.images.length} image(s) attached for the model`);
}

export function printToolError(message) {
  print(`  ${red(`✗ the tool refused: ${visible(message.split('\n')[0])}`)}`);
}

export function printAnswer(text, ms) {
  print(`\n${bold('answer')}  ${indent(text.trim(), '        ').trimStart()}`);
  print(dim(`\n(${duration(ms)})`));
}

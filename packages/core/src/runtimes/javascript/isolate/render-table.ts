/** Renders rows the way Node's `console.table` does (box drawing, left-aligned cells). */
export function renderTable(head: string[], columns: string[][]): string {
  const rowCount = columns[0]?.length ?? 0;
  const widths = head.map((title, index) => {
    let width = displayWidth(title);
    for (const cell of columns[index] ?? []) width = Math.max(width, displayWidth(cell));
    return width + 2;
  });
  const line = (left: string, middle: string, right: string) =>
    left + widths.map((width) => '─'.repeat(width)).join(middle) + right;
  const row = (cells: string[]) =>
    `│${cells.map((cell, index) => ` ${cell}${' '.repeat((widths[index] ?? 2) - 2 - displayWidth(cell))} `).join('│')}│`;
  const out = [line('┌', '┬', '┐'), row(head), line('├', '┼', '┤')];
  for (let r = 0; r < rowCount; r++) out.push(row(columns.map((column) => column[r] ?? '')));
  out.push(line('└', '┴', '┘'));
  return out.join('\n');
}

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    // Wide East Asian characters and emoji take two columns, combining marks none.
    if (code >= 0x300 && code <= 0x36f) continue;
    width += code >= 0x1100 && isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

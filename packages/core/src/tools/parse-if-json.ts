/**
 * A tool's text answer as sandboxed code would want it: parsed when the whole text is JSON
 * (`'42'` → 42, `'{"a":1}'` → `{ a: 1 }`), else the text unchanged. Adapters use it for tools that
 * answer in text (LangChain tools, MCP servers). Only what looks like JSON is tried, so a plain
 * sentence is never a parse error to swallow.
 *
 * @example
 * ```ts
 * parseIfJson('[1, 2]'); // [1, 2]
 * parseIfJson('sold out'); // 'sold out'
 * ```
 */
export function parseIfJson(text: string): unknown {
  const trimmed = text.trim();
  if (!/^[[{"\d-]|^(true|false|null)$/.test(trimmed)) return text;
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}

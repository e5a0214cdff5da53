/** The text of an MCP tool result's first content item. */
export function textOf(result: unknown): string {
  const content = (result as { content: Array<{ type: string; text?: string }> }).content;
  const first = content[0];
  if (first?.type !== 'text' || first.text === undefined) {
    throw new Error(`Expected text content, got ${JSON.stringify(content)}`);
  }
  return first.text;
}

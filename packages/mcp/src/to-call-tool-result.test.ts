import { describe, expect, it } from 'vitest';
import { toCallToolResult } from './to-call-tool-result';

const base = {
  executionTime: 4,
  language: 'python' as const,
  stdout: '',
  stderr: '',
  timedOut: false,
  truncated: false,
  images: [],
};

describe('toCallToolResult', () => {
  it('gives text, then each image as image content', () => {
    expect(
      toCallToolResult({
        ...base,
        success: true,
        output: 'drew it',
        images: [{ mediaType: 'image/png', data: 'iVBO' }],
      }),
    ).toEqual({
      content: [
        { type: 'text', text: 'drew it\n[1 image attached]' },
        { type: 'image', data: 'iVBO', mimeType: 'image/png' },
      ],
      isError: false,
    });
  });

  it('marks a fault in the code with isError', () => {
    const result = toCallToolResult({
      ...base,
      success: false,
      output: '',
      error: 'ZeroDivisionError: division by zero (line 1)',
      errorInfo: { name: 'ZeroDivisionError', message: 'division by zero', line: 1 },
    });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: 'text', text: 'Error: ZeroDivisionError: division by zero (line 1)' },
    ]);
  });

  it('ends the text with a summary of the tool calls a code-mode run made', () => {
    const result = toCallToolResult({
      ...base,
      success: true,
      output: '',
      toolCalls: [{ id: '1', name: 'get-stock', input: { item: 'a' }, output: 1, ms: 1 }],
    });
    expect(result.content).toEqual([
      {
        type: 'text',
        text: '(no output: print values or end with an expression to see a result)\n[1 tool call: get-stock ×1]',
      },
    ]);
  });
});

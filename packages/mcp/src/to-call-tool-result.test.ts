import { describe, expect, it } from 'vitest';
import { runCodeOutputSchema } from './run-code-output';
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
  it('gives the text, the result as JSON (structured and as text), then each image as image content', () => {
    const result = toCallToolResult({
      ...base,
      success: true,
      output: 'drew it',
      stdout: 'drew it\n',
      images: [{ mediaType: 'image/png', data: 'iVBO' }],
    });
    const structured = {
      success: true,
      language: 'python',
      stdout: 'drew it\n',
      stderr: '',
      timedOut: false,
      truncated: false,
      executionTimeMs: 4,
      images: [{ mediaType: 'image/png' }],
    };
    expect(result).toEqual({
      content: [
        { type: 'text', text: 'drew it\n[1 image attached]' },
        { type: 'text', text: JSON.stringify(structured) },
        { type: 'image', data: 'iVBO', mimeType: 'image/png' },
      ],
      structuredContent: structured,
      isError: false,
    });
    expect(runCodeOutputSchema.parse(result.structuredContent)).toEqual(structured);
  });

  it('marks a fault in the code with isError, its errorInfo in the structured result', () => {
    const result = toCallToolResult({
      ...base,
      success: false,
      output: '',
      error: 'ZeroDivisionError: division by zero (line 1)',
      errorInfo: { name: 'ZeroDivisionError', message: 'division by zero', line: 1 },
    });
    expect(result.isError).toBe(true);
    expect(result.content[0]).toEqual({
      type: 'text',
      text: 'Error: ZeroDivisionError: division by zero (line 1)',
    });
    expect(result.structuredContent).toMatchObject({
      success: false,
      error: 'ZeroDivisionError: division by zero (line 1)',
      errorInfo: { name: 'ZeroDivisionError', message: 'division by zero', line: 1 },
    });
  });

  it('ends the text with a summary of the tool calls a code-mode run made, and lists them in the JSON', () => {
    const toolCalls = [{ id: '1', name: 'get-stock', input: { item: 'a' }, output: 1, ms: 1 }];
    const result = toCallToolResult({ ...base, success: true, output: '', toolCalls });
    expect(result.content[0]).toEqual({
      type: 'text',
      text: '(no output: print values or end with an expression to see a result)\n[1 tool call: get-stock ×1]',
    });
    expect(result.structuredContent?.toolCalls).toEqual(toolCalls);
  });

  it("names a session handle's workspace in file links and the JSON, without file bytes", () => {
    const result = toCallToolResult(
      {
        ...base,
        success: true,
        files: [{ path: '/workspace/out.csv', change: 'created', size: 3, mediaType: 'text/csv' }],
      },
      { session: 'cis_abc' },
    );
    expect(result.content.at(-1)).toMatchObject({
      type: 'resource_link',
      uri: 'workspace://cis_abc/out.csv',
    });
    expect(result.structuredContent).toMatchObject({
      session: 'cis_abc',
      files: [
        {
          path: '/workspace/out.csv',
          change: 'created',
          size: 3,
          mediaType: 'text/csv',
          uri: 'workspace://cis_abc/out.csv',
        },
      ],
    });
  });
});

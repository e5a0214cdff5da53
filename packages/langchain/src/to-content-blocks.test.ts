import { describe, expect, it } from 'vitest';
import { toContentBlocks } from './to-content-blocks';

describe('toContentBlocks', () => {
  it('gives the text first, then each image as a standard image block', () => {
    expect(
      toContentBlocks({
        success: true,
        output: 'plotted',
        executionTime: 9,
        language: 'python',
        stdout: 'plotted\n',
        stderr: '',
        timedOut: false,
        truncated: false,
        images: [
          { mediaType: 'image/png', data: 'AAA=' },
          { mediaType: 'image/png', data: 'BBB=' },
        ],
      }),
    ).toEqual([
      { type: 'text', text: 'plotted\n[2 images attached]' },
      { type: 'image', mimeType: 'image/png', data: 'AAA=' },
      { type: 'image', mimeType: 'image/png', data: 'BBB=' },
    ]);
  });

  it('ends the text with a summary of the tool calls a code-mode run made', () => {
    const [text] = toContentBlocks({
      success: true,
      output: 'total 600',
      executionTime: 9,
      language: 'javascript',
      stdout: 'total 600\n',
      stderr: '',
      timedOut: false,
      truncated: false,
      images: [],
      toolCalls: [
        { id: '1', name: 'get_price', input: { item: 'a' }, output: { cents: 600 }, ms: 1 },
        { id: '2', name: 'get_price', input: { item: 'kiwi' }, error: 'Unknown item: kiwi', ms: 1 },
      ],
    });
    expect(text).toEqual({
      type: 'text',
      text: 'total 600\n[2 tool calls: get_price ×2; 1 failed: get_price: Unknown item: kiwi]',
    });
  });
});

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
});

import { describe, expect, it } from 'vitest';
import { toModelOutput } from './to-model-output';

describe('toModelOutput', () => {
  it('sends text plus each image as a file part', () => {
    const output = toModelOutput({
      status: 'completed',
      success: true,
      output: '',
      executionTime: 5,
      language: 'python',
      stdout: '',
      stderr: '',
      timedOut: false,
      truncated: false,
      images: [{ mediaType: 'image/png', data: 'iVBORw0KGgo=' }],
    });
    expect(output).toEqual({
      type: 'content',
      value: [
        { type: 'text', text: '[1 image attached]' },
        { type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'iVBORw0KGgo=' } },
      ],
    });
  });

  it('sends plain text when there is no image', () => {
    const output = toModelOutput({
      status: 'completed',
      success: false,
      output: 'partial\n',
      error: "NameError: name 'x' is not defined (line 2)",
      errorInfo: { name: 'NameError', message: "name 'x' is not defined", line: 2 },
      executionTime: 5,
      language: 'python',
      stdout: 'partial\n',
      stderr: '',
      timedOut: false,
      truncated: false,
      images: [],
    });
    expect(output).toEqual({
      type: 'text',
      value: "partial\nError: NameError: name 'x' is not defined (line 2)",
    });
  });
});

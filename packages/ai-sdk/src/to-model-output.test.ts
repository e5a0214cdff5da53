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

describe('toModelOutput with files', () => {
  const base = {
    status: 'completed' as const,
    success: true,
    output: '',
    executionTime: 5,
    language: 'python' as const,
    stdout: '',
    stderr: '',
    timedOut: false,
    truncated: false,
    images: [],
  };

  it('attaches written images and PDFs with contents as named file parts, and lists the rest', () => {
    const output = toModelOutput({
      ...base,
      files: [
        {
          path: '/workspace/a.png',
          change: 'created',
          size: 3,
          mediaType: 'image/png',
          data: 'AAAA',
        },
        {
          path: '/workspace/r.pdf',
          change: 'modified',
          size: 3,
          mediaType: 'application/pdf',
          data: 'BBBB',
        },
        {
          path: '/workspace/t.csv',
          change: 'created',
          size: 3,
          mediaType: 'text/csv',
          data: 'CCCC',
        },
        { path: '/workspace/old.png', change: 'deleted', size: 0, mediaType: 'image/png' },
        { path: '/workspace/b.png', change: 'created', size: 3, mediaType: 'image/png' },
      ],
    });
    expect(output).toEqual({
      type: 'content',
      value: [
        {
          type: 'text',
          text: expect.stringContaining('\n[Attached: /workspace/a.png, /workspace/r.pdf]'),
        },
        {
          type: 'file',
          mediaType: 'image/png',
          data: { type: 'data', data: 'AAAA' },
          filename: 'a.png',
        },
        {
          type: 'file',
          mediaType: 'application/pdf',
          data: { type: 'data', data: 'BBBB' },
          filename: 'r.pdf',
        },
      ],
    });
  });

  it('attaches at most 4 files', () => {
    const files = Array.from({ length: 6 }, (_, index) => ({
      path: `/workspace/${index}.png`,
      change: 'created' as const,
      size: 3,
      mediaType: 'image/png',
      data: 'AAAA',
    }));
    const output = toModelOutput({ ...base, files });
    expect(
      output.type === 'content' && output.value.filter((part) => part.type === 'file'),
    ).toHaveLength(4);
  });
});

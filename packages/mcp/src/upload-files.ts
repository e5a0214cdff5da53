import { z } from 'zod';

/** One file a client sends with a call, to put in the workspace before the code runs. */
export interface UploadedFile {
  path: string;
  content: string;
  encoding?: 'utf8' | 'base64';
}

/** The `files` argument `run_code` accepts (absent when uploads are off). */
export function uploadFilesSchema(maxFiles: number) {
  return z
    .array(
      z.object({
        path: z
          .string()
          .min(1)
          .max(4096)
          .describe(
            'Where to put the file, relative to /workspace (the working directory) or absolute under it.',
          ),
        content: z
          .string()
          .describe('The file\'s content: text, or base64 when encoding is "base64".'),
        encoding: z
          .enum(['utf8', 'base64'])
          .optional()
          .describe('How `content` is written: "utf8" text (default) or "base64" bytes.'),
      }),
    )
    .max(maxFiles)
    .optional()
    .describe(
      'Files to put in /workspace before the code runs (e.g. a CSV to analyse). Files the code writes are returned as resource links.',
    );
}

/**
 * Decodes the files of one call into what `RunOptions.files` takes, refusing the call whole when
 * their decoded bytes exceed `maxBytes` or base64 content does not decode cleanly.
 */
export function decodeUploads(
  files: readonly UploadedFile[],
  maxBytes: number,
): { files: Record<string, Uint8Array> } | { error: string } {
  const decoded: Record<string, Uint8Array> = {};
  let total = 0;
  for (const file of files) {
    let bytes: Uint8Array;
    if (file.encoding === 'base64') {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(file.content.replace(/\s+/g, ''))) {
        return { error: `files: the content of '${file.path}' is not valid base64.` };
      }
      bytes = Buffer.from(file.content, 'base64');
    } else {
      bytes = Buffer.from(file.content, 'utf8');
    }
    total += bytes.byteLength;
    if (total > maxBytes) {
      return {
        error: `files: the uploaded files come to more than ${maxBytes} bytes, the most one call may send; send fewer or smaller files.`,
      };
    }
    decoded[file.path] = bytes;
  }
  return { files: decoded };
}

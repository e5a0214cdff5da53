import type { WorkspaceFileChange, WorkspaceFiles } from '@code-interpreter/core';

/** Media types models read as file parts: images and PDF. */
const modelReadableMediaTypes = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
]);

/** Most files attached to one result. */
export const maxAttachedFiles = 4;
/** Largest file attached, in bytes (larger ones are only listed). */
export const maxAttachedFileBytes = 5 * 1024 * 1024;

/** True when a file a run produced can go to the model as a file part (type and size). */
export function isModelReadable(file: WorkspaceFileChange): boolean {
  return (
    file.change !== 'deleted' &&
    modelReadableMediaTypes.has(file.mediaType) &&
    file.size <= maxAttachedFileBytes
  );
}

/** The files of a result that go to the model as file parts: readable, with contents, capped. */
export function attachableFiles(
  files: readonly WorkspaceFileChange[] | undefined,
): Array<WorkspaceFileChange & { data: string }> {
  return (files ?? [])
    .filter((file): file is WorkspaceFileChange & { data: string } => {
      return isModelReadable(file) && typeof file.data === 'string';
    })
    .slice(0, maxAttachedFiles);
}

/**
 * Fills in the contents of the model-readable files a session's run created or changed (a
 * session's result lists them without contents, since they stay in its workspace), so they reach
 * the model as file parts. A file gone or grown past the cap meanwhile is left as listed.
 */
export async function withReadableFileContents<T extends { files?: WorkspaceFileChange[] }>(
  result: T,
  workspace: WorkspaceFiles,
): Promise<T> {
  if (!result.files?.some((file) => isModelReadable(file) && file.data === undefined)) {
    return result;
  }
  let attached = 0;
  const files = await Promise.all(
    result.files.map(async (file) => {
      if (!isModelReadable(file) || file.data !== undefined || attached >= maxAttachedFiles) {
        return file;
      }
      attached++;
      try {
        const bytes = await workspace.read(file.path);
        if (bytes.byteLength > maxAttachedFileBytes) return file;
        return { ...file, data: Buffer.from(bytes).toString('base64') };
      } catch {
        return file;
      }
    }),
  );
  return { ...result, files };
}

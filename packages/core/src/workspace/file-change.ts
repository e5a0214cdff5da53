/** A file a run created, changed or deleted in its workspace. */
export interface WorkspaceFileChange {
  /** The file's path as programs see it, e.g. `/workspace/out/chart.png`. */
  path: string;
  /** `'created'`, `'modified'` or `'deleted'` by the run. */
  change: 'created' | 'modified' | 'deleted';
  /** Size in bytes after the run (0 for a deleted file). */
  size: number;
  /** IANA media type guessed from the file name, e.g. `'text/csv'`. */
  mediaType: string;
  /**
   * The file's bytes, base64-encoded: only for a stateless run (its workspace is gone once the
   * run ends), only for created or modified files, and only while the run's returned files stay
   * within `maxReturnedFileBytes`. A session's files are read with `session.files.read`.
   */
  data?: string;
}

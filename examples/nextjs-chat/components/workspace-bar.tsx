'use client';

import { type ChangeEvent, useRef, useState } from 'react';
import { fileUrl } from '@/lib/workspace-urls';
import { FileLink } from './file-link';

/** A file of the conversation's workspace, as `GET /api/chats/:id/files` lists it. */
export interface WorkspaceFile {
  path: string;
  size: number;
  mediaType?: string;
}

/**
 * The conversation's workspace above the composer: an upload button (the file lands in
 * `/workspace`, where the programs open it by name) and the files there, each a download link.
 */
export function WorkspaceBar({
  chatId,
  files,
  disabled,
  onUploaded,
}: {
  chatId: string;
  files: WorkspaceFile[];
  disabled: boolean;
  onUploaded: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string>();

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setUploading(true);
    setError(undefined);
    try {
      const response = await fetch(fileUrl(chatId, `/workspace/${file.name}`), {
        method: 'PUT',
        body: file,
        headers: { 'Content-Type': file.type || 'application/octet-stream' },
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => undefined)) as
          | { error?: string }
          | undefined;
        setError(body?.error ?? `The upload failed (HTTP ${response.status}).`);
      }
    } catch (failure) {
      setError(
        `The upload failed: ${failure instanceof Error ? failure.message : String(failure)}`,
      );
    } finally {
      setUploading(false);
      onUploaded();
    }
  };

  return (
    <div className="workspace-bar" data-testid="workspace-bar">
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv,.tsv,.json,.txt"
        hidden
        data-testid="upload-input"
        onChange={upload}
      />
      <button
        type="button"
        className="upload-button"
        disabled={disabled || uploading}
        onClick={() => input.current?.click()}
      >
        {uploading ? 'Uploading…' : 'Upload CSV'}
      </button>
      {files.length > 0 && <span className="workspace-label">/workspace:</span>}
      {files.map((file) => (
        <FileLink
          key={file.path}
          chatId={chatId}
          path={file.path}
          size={file.size}
          testId="workspace-file"
        />
      ))}
      {error && (
        <span className="upload-error" role="alert" data-testid="upload-error">
          {error}
        </span>
      )}
    </div>
  );
}

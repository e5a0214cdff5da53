import type { WorkspaceFileData } from '@code-interpreter/core';

/** File contents as they cross: text as is, bytes as base64. */
export type WireFileData = string | { base64: string };

export type WireFiles = Record<string, WireFileData>;

export function toWireFileData(data: WorkspaceFileData): WireFileData {
  if (typeof data === 'string') return data;
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
  return {
    base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  };
}

export function fromWireFileData(data: WireFileData): WorkspaceFileData {
  if (typeof data === 'string') return data;
  return new Uint8Array(Buffer.from(data.base64, 'base64'));
}

export function toWireFiles(files: Record<string, WorkspaceFileData>): WireFiles {
  return Object.fromEntries(
    Object.entries(files).map(([path, data]) => [path, toWireFileData(data)]),
  );
}

export function fromWireFiles(files: WireFiles): Record<string, WorkspaceFileData> {
  return Object.fromEntries(
    Object.entries(files).map(([path, data]) => [path, fromWireFileData(data)]),
  );
}

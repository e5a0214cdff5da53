import type { WorkspaceEntry } from '@code-interpreter/core';
import { formatBytes } from './workspace-urls';

/** Most files named to the model; the rest are counted. */
const maxFilesNamed = 50;

/**
 * What the model is told about a conversation's workspace before it answers: which files are
 * there (uploads and what earlier programs wrote), and that the user can download what its
 * programs write. Names are shown as JSON strings, so a file name cannot pose as an instruction
 * on a line of its own.
 */
export function describeWorkspace(entries: readonly WorkspaceEntry[]): string {
  const files = entries.filter((entry) => entry.type === 'file');
  const intro =
    'Files: /workspace is the working directory of your programs, shared by every language and ' +
    'kept for the whole conversation. Files your programs write there (CSV, PNG charts...) are ' +
    'offered to the user as downloads.';
  if (files.length === 0) return `${intro}\nThe workspace is empty: the user has uploaded nothing.`;
  const named = files
    .slice(0, maxFilesNamed)
    .map(
      (file) =>
        `- ${JSON.stringify(file.path)} (${file.mediaType ?? 'application/octet-stream'}, ${formatBytes(file.size)})`,
    );
  if (files.length > maxFilesNamed) named.push(`- and ${files.length - maxFilesNamed} more`);
  return `${intro}\nFiles in /workspace now (uploaded by the user or written by earlier runs):\n${named.join('\n')}`;
}

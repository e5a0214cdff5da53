import { fileUrl, formatBytes } from '@/lib/workspace-urls';

/** A download link to a file of the conversation's workspace (`path` as programs see it). */
export function FileLink({
  chatId,
  path,
  size,
  testId,
}: {
  chatId: string;
  path: string;
  size: number;
  testId: string;
}) {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return (
    <a className="file-link" href={fileUrl(chatId, path)} download={name} data-testid={testId}>
      <span className="file-name">{path.replace(/^\/workspace\//, '')}</span>
      <span className="file-size">{formatBytes(size)}</span>
    </a>
  );
}

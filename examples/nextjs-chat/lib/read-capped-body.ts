/** The largest upload the file route accepts, in bytes: `CHAT_MAX_UPLOAD_BYTES`, 10 MB by default. */
export function maxUploadBytes(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.CHAT_MAX_UPLOAD_BYTES);
  return Number.isFinite(configured) && configured > 0 ? configured : 10 * 1024 * 1024;
}

/**
 * A request's body, read as it arrives and given up as soon as it exceeds `maxBytes` (so a large
 * upload is never held whole in memory). Returns the bytes, or `{ tooLarge: true }`.
 */
export async function readCappedBody(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array | { tooLarge: true }> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return { tooLarge: true };
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return { tooLarge: true };
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * A `Content-Disposition: attachment` header for a file name a program or a user chose: an ASCII
 * fallback (anything else, quotes and backslashes become `_`) plus the exact name encoded
 * (RFC 6266 / RFC 8187 `filename*`), so no name can break out of the header.
 */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'download';
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** `multipart/form-data` as undici writes it, for a FormData body. */
import {
  createList,
  MathFloor,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  TypedArrayPrototypeGetLength,
} from '../primordials';
import { utf8Encode } from '../utf8';
import { blobInternals } from './blob';
import { concatBytes } from './bytes';
import { MathRandom } from './fetch-intrinsics';
import { fileInternals } from './file';
import type { FormDataEntry } from './form-data';

/** `\r\n`, `\n` and `\r` all become `\r\n`. */
function normalizeLinefeeds(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    if (c !== 0x0a && c !== 0x0d) continue;
    out += `${StringPrototypeSlice(text, start, i)}\r\n`;
    if (c === 0x0d && i + 1 < text.length && StringPrototypeCharCodeAt(text, i + 1) === 0x0a) i++;
    start = i + 1;
  }
  return start === 0 ? text : out + StringPrototypeSlice(text, start);
}

/** LF, CR and `"` percent-encoded, for names and filenames in `Content-Disposition`. */
function escapeQuoted(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    out +=
      c === 0x0a
        ? '%0A'
        : c === 0x0d
          ? '%0D'
          : c === 0x22
            ? '%22'
            : StringPrototypeSlice(text, i, i + 1);
  }
  return out;
}

/** Serializes form entries; returns the bytes and the `Content-Type` (with its boundary). */
export function serializeMultipart(entries: readonly FormDataEntry[]): {
  bytes: Uint8Array;
  type: string;
} {
  const digits = `${MathFloor(MathRandom() * 1e11)}`;
  let padded = digits;
  while (padded.length < 11) padded = `0${padded}`;
  const boundary = `----formdata-undici-0${padded}`;
  const prefix = `--${boundary}\r\nContent-Disposition: form-data`;
  const chunks = createList<Uint8Array>();
  let total = 0;
  const add = (chunk: Uint8Array) => {
    chunks[chunks.length] = chunk;
    total += TypedArrayPrototypeGetLength(chunk);
  };
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as FormDataEntry;
    const name = escapeQuoted(normalizeLinefeeds(entry[0]));
    const value = entry[1];
    if (typeof value === 'string') {
      add(utf8Encode(`${prefix}; name="${name}"\r\n\r\n${normalizeLinefeeds(value)}\r\n`));
    } else {
      const filename = fileInternals.nameOf(value);
      const type = blobInternals.typeOf(value);
      add(
        utf8Encode(
          `${prefix}; name="${name}"${filename ? `; filename="${escapeQuoted(filename)}"` : ''}\r\nContent-Type: ${type || 'application/octet-stream'}\r\n\r\n`,
        ),
      );
      add(blobInternals.bytesOf(value));
      add(utf8Encode('\r\n'));
    }
  }
  add(utf8Encode(`--${boundary}--\r\n`));
  return { bytes: concatBytes(chunks, total), type: `multipart/form-data; boundary=${boundary}` };
}

import { capText } from '../../../../result/cap-text';
import { resultCaps } from '../../../../result/result-caps';
import { driverResultMaxChars } from '../../driver-result-max-chars';

/** Room for the note the driver's own cut adds, so text it already cut is not cut again. */
const noteSlack = 200;

// Captured when the sandbox script is evaluated, before any user code runs: a program may
// replace the globals, but only for its own run, and the length checks below still hold.
const jsonParse = JSON.parse;
const jsonStringify = JSON.stringify;
const isArray = Array.isArray;

/**
 * The driver's result (its JSON) with every field cut to its cap, as JSON again: what is copied
 * out of the sandbox. The driver already cuts (this changes nothing then), but user code runs in
 * the same interpreter and can rebind the driver's functions; this runs in the sandbox's
 * JavaScript, which the program cannot reach. Unknown fields are dropped; a field cut here sets
 * `truncated`. Throws `RangeError` when the JSON is longer than {@link driverResultMaxChars}
 * (before or after capping) and `SyntaxError` when it is not JSON.
 */
export function capDriverResult(json: string, maxOutputChars: number): string {
  const maxChars = driverResultMaxChars(maxOutputChars);
  if (typeof json !== 'string' || json.length > maxChars) {
    throw new RangeError('the driver result is too large');
  }
  const raw: unknown = jsonParse(json);
  if (raw === null || typeof raw !== 'object') throw new TypeError('the driver returned no result');
  const record = raw as Record<string, unknown>;
  let cut = false;
  const field = (value: unknown, max: number): string => {
    const text = typeof value === 'string' ? value : '';
    if (text.length <= max + noteSlack) return text;
    cut = true;
    return capText(text, max).text;
  };
  const position = (value: unknown) =>
    typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;

  let error: Record<string, unknown> | null = null;
  const rawError = record.error;
  if (rawError !== null && typeof rawError === 'object') {
    const source = rawError as Record<string, unknown>;
    error = {
      name: field(source.name, resultCaps.errorNameChars),
      message: field(source.message, resultCaps.errorMessageChars),
      line: position(source.line),
      stack: field(source.stack, resultCaps.errorStackChars),
    };
    const column = position(source.column);
    if (column !== null) error.column = column;
  }

  const images: Array<{ mediaType: string; data: string }> = [];
  let imageChars = 0;
  if (isArray(record.images)) {
    for (const image of record.images as unknown[]) {
      const { mediaType, data } = (image ?? {}) as Record<string, unknown>;
      if (typeof mediaType !== 'string' || mediaType.length > 100 || typeof data !== 'string') {
        cut = true;
        continue;
      }
      imageChars += data.length;
      if (images.length >= resultCaps.images || imageChars > resultCaps.imageBase64Chars) {
        cut = true;
        break;
      }
      images.push({ mediaType, data });
    }
  }

  const capped = {
    stdout: field(record.stdout, maxOutputChars),
    stderr: field(record.stderr, maxOutputChars),
    value: typeof record.value === 'string' ? field(record.value, maxOutputChars) : null,
    error,
    images,
    truncated: record.truncated === true || cut,
  };
  const out: string = jsonStringify(capped);
  if (typeof out !== 'string' || out.length > maxChars) {
    throw new RangeError('the driver result is too large');
  }
  return out;
}

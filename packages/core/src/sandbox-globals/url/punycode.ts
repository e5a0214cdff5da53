import {
  createList,
  MathFloor,
  StringFromCharCode,
  StringFromCodePoint,
  StringPrototypeCharCodeAt,
  StringPrototypeCodePointAt,
} from '../primordials';

// RFC 3492 parameters.
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
const MAX_INT = 0x7fffffff;

function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  let d = firstTime ? MathFloor(delta / DAMP) : delta >> 1;
  d += MathFloor(d / numPoints);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = MathFloor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + MathFloor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

function digitToChar(digit: number): string {
  // 0..25 → a..z, 26..35 → 0..9
  return StringFromCharCode(digit < 26 ? digit + 0x61 : digit + 22);
}

function charToDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 22;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61;
  return BASE;
}

/** Punycode-encodes a label (without the `xn--` prefix). Undefined on overflow. */
export function punycodeEncode(label: string): string | undefined {
  const codePoints = createList<number>();
  for (let i = 0; i < label.length; i++) {
    const c = StringPrototypeCodePointAt(label, i) as number;
    codePoints[codePoints.length] = c;
    if (c > 0xffff) i++;
  }
  let output = '';
  for (let i = 0; i < codePoints.length; i++) {
    const c = codePoints[i] as number;
    if (c < 0x80) output += StringFromCharCode(c);
  }
  const basicLength = output.length;
  let handled = basicLength;
  if (basicLength > 0) output += '-';
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < codePoints.length) {
    let m = MAX_INT;
    for (let i = 0; i < codePoints.length; i++) {
      const c = codePoints[i] as number;
      if (c >= n && c < m) m = c;
    }
    if (m - n > MathFloor((MAX_INT - delta) / (handled + 1))) return undefined;
    delta += (m - n) * (handled + 1);
    n = m;
    for (let i = 0; i < codePoints.length; i++) {
      const c = codePoints[i] as number;
      if (c < n && ++delta > MAX_INT) return undefined;
      if (c === n) {
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
          if (q < t) break;
          output += digitToChar(t + ((q - t) % (BASE - t)));
          q = MathFloor((q - t) / (BASE - t));
        }
        output += digitToChar(q);
        bias = adapt(delta, handled + 1, handled === basicLength);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return output;
}

/** Decodes a Punycode label (without the `xn--` prefix). Undefined when it is not valid Punycode. */
export function punycodeDecode(input: string): string | undefined {
  const output = createList<number>();
  let basic = input.length;
  while (basic > 0 && StringPrototypeCharCodeAt(input, basic - 1) !== 0x2d) basic--;
  // `basic` is now just after the last '-', or 0 when there is none.
  const basicEnd = basic > 0 ? basic - 1 : 0;
  for (let j = 0; j < basicEnd; j++) {
    const c = StringPrototypeCharCodeAt(input, j);
    if (c >= 0x80) return undefined;
    output[output.length] = c;
  }
  let n = INITIAL_N;
  let i = 0;
  let bias = INITIAL_BIAS;
  // A delimiter is consumed only when basic code points precede it (RFC 3492, 6.2).
  for (let index = basicEnd > 0 ? basic : 0; index < input.length; ) {
    const oldi = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (index >= input.length) return undefined;
      const digit = charToDigit(StringPrototypeCharCodeAt(input, index++));
      if (digit >= BASE) return undefined;
      if (digit > MathFloor((MAX_INT - i) / w)) return undefined;
      i += digit * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < t) break;
      if (w > MathFloor(MAX_INT / (BASE - t))) return undefined;
      w *= BASE - t;
    }
    const count = output.length + 1;
    bias = adapt(i - oldi, count, oldi === 0);
    if (MathFloor(i / count) > MAX_INT - n) return undefined;
    n += MathFloor(i / count);
    i %= count;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return undefined;
    // Insert n at position i.
    for (let j = output.length; j > i; j--) output[j] = output[j - 1] as number;
    output[i] = n;
    i++;
  }
  let text = '';
  for (let j = 0; j < output.length; j++) text += StringFromCodePoint(output[j] as number);
  return text;
}

import {
  createList,
  MathFloor,
  NumberPrototypeToString,
  StringCtor,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
} from '../primordials';

const FAILURE = -1;

function digitValue(c: number, radix: number): number {
  let value = 99;
  if (c >= 0x30 && c <= 0x39) value = c - 0x30;
  else if (c >= 0x41 && c <= 0x46) value = c - 0x37;
  else if (c >= 0x61 && c <= 0x66) value = c - 0x57;
  return value < radix ? value : -1;
}

/** The URL Standard's IPv4 number parser: decimal, `0x` hex or `0` octal. -1 on failure. */
export function parseIPv4Number(input: string): number {
  if (input === '') return FAILURE;
  let start = 0;
  let radix = 10;
  if (input.length >= 2 && StringPrototypeCharCodeAt(input, 0) === 0x30) {
    const second = StringPrototypeCharCodeAt(input, 1);
    if (second === 0x78 || second === 0x58) {
      start = 2;
      radix = 16;
    } else {
      start = 1;
      radix = 8;
    }
  }
  if (start === input.length) return 0;
  let value = 0;
  for (let i = start; i < input.length; i++) {
    const digit = digitValue(StringPrototypeCharCodeAt(input, i), radix);
    if (digit < 0) return FAILURE;
    value = value * radix + digit;
  }
  return value;
}

function splitOnDots(input: string): string[] {
  const parts = createList<string>();
  let start = 0;
  for (let i = 0; i <= input.length; i++) {
    if (i === input.length || StringPrototypeCharCodeAt(input, i) === 0x2e) {
      parts[parts.length] = StringPrototypeSlice(input, start, i);
      start = i + 1;
    }
  }
  return parts;
}

/** The URL Standard's "ends in a number" check, which routes a host to the IPv4 parser. */
export function endsInANumber(input: string): boolean {
  const parts = splitOnDots(input);
  if (parts[parts.length - 1] === '') {
    if (parts.length === 1) return false;
    parts.length--;
  }
  const last = parts[parts.length - 1] as string;
  if (last !== '') {
    let allDigits = true;
    for (let i = 0; i < last.length; i++) {
      const c = StringPrototypeCharCodeAt(last, i);
      if (c < 0x30 || c > 0x39) {
        allDigits = false;
        break;
      }
    }
    if (allDigits) return true;
  }
  return parseIPv4Number(last) !== FAILURE;
}

/** Parses an IPv4 host (1 to 4 parts) to its 32-bit value, or -1 on failure. */
export function parseIPv4(input: string): number {
  const parts = splitOnDots(input);
  if (parts[parts.length - 1] === '' && parts.length > 1) parts.length--;
  if (parts.length > 4) return FAILURE;
  const numbers = createList<number>();
  for (let i = 0; i < parts.length; i++) {
    const n = parseIPv4Number(parts[i] as string);
    if (n === FAILURE) return FAILURE;
    numbers[i] = n;
  }
  for (let i = 0; i < numbers.length - 1; i++) if ((numbers[i] as number) > 255) return FAILURE;
  const last = numbers[numbers.length - 1] as number;
  if (last >= 256 ** (5 - numbers.length)) return FAILURE;
  let ipv4 = last;
  for (let i = 0; i < numbers.length - 1; i++) ipv4 += (numbers[i] as number) * 256 ** (3 - i);
  return ipv4;
}

export function serializeIPv4(address: number): string {
  let output = '';
  let n = address;
  for (let i = 1; i <= 4; i++) {
    output = StringCtor(n % 256) + output;
    if (i !== 4) output = `.${output}`;
    n = MathFloor(n / 256);
  }
  return output;
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Parses an IPv6 address (without brackets) to 8 pieces, or undefined on failure. */
export function parseIPv6(input: string): number[] | undefined {
  const address = createList<number>();
  for (let i = 0; i < 8; i++) address[i] = 0;
  const length = input.length;
  const at = (index: number) => (index < length ? StringPrototypeCharCodeAt(input, index) : -1);
  let pieceIndex = 0;
  let compress = -1;
  let pointer = 0;
  if (at(0) === 0x3a) {
    if (at(1) !== 0x3a) return undefined;
    pointer += 2;
    pieceIndex++;
    compress = pieceIndex;
  }
  while (at(pointer) !== -1) {
    if (pieceIndex === 8) return undefined;
    if (at(pointer) === 0x3a) {
      if (compress !== -1) return undefined;
      pointer++;
      pieceIndex++;
      compress = pieceIndex;
      continue;
    }
    let value = 0;
    let digits = 0;
    while (digits < 4 && digitValue(at(pointer), 16) >= 0) {
      value = value * 0x10 + digitValue(at(pointer), 16);
      pointer++;
      digits++;
    }
    if (at(pointer) === 0x2e) {
      if (digits === 0) return undefined;
      pointer -= digits;
      if (pieceIndex > 6) return undefined;
      let numbersSeen = 0;
      while (at(pointer) !== -1) {
        let ipv4Piece = -1;
        if (numbersSeen > 0) {
          if (at(pointer) === 0x2e && numbersSeen < 4) pointer++;
          else return undefined;
        }
        if (!isAsciiDigit(at(pointer))) return undefined;
        while (isAsciiDigit(at(pointer))) {
          const number = at(pointer) - 0x30;
          if (ipv4Piece === -1) ipv4Piece = number;
          else if (ipv4Piece === 0) return undefined;
          else ipv4Piece = ipv4Piece * 10 + number;
          if (ipv4Piece > 255) return undefined;
          pointer++;
        }
        address[pieceIndex] = (address[pieceIndex] as number) * 0x100 + ipv4Piece;
        numbersSeen++;
        if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
      }
      if (numbersSeen !== 4) return undefined;
      break;
    }
    if (at(pointer) === 0x3a) {
      pointer++;
      if (at(pointer) === -1) return undefined;
    } else if (at(pointer) !== -1) {
      return undefined;
    }
    address[pieceIndex] = value;
    pieceIndex++;
  }
  if (compress !== -1) {
    let swaps = pieceIndex - compress;
    pieceIndex = 7;
    while (pieceIndex !== 0 && swaps > 0) {
      const temp = address[compress + swaps - 1] as number;
      address[compress + swaps - 1] = address[pieceIndex] as number;
      address[pieceIndex] = temp;
      pieceIndex--;
      swaps--;
    }
  } else if (pieceIndex !== 8) {
    return undefined;
  }
  return address;
}

/** Serializes 8 IPv6 pieces, compressing the longest run (2+) of zero pieces to `::`. */
export function serializeIPv6(address: number[]): string {
  let compress = -1;
  let longest = 1;
  for (let i = 0; i < 8; ) {
    if (address[i] !== 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < 8 && address[end] === 0) end++;
    if (end - i > longest) {
      longest = end - i;
      compress = i;
    }
    i = end;
  }
  let output = '';
  let ignoreZeros = false;
  for (let i = 0; i <= 7; i++) {
    if (ignoreZeros && address[i] === 0) continue;
    ignoreZeros = false;
    if (compress === i) {
      output += i === 0 ? '::' : ':';
      ignoreZeros = true;
      continue;
    }
    output += NumberPrototypeToString(address[i] as number, 16);
    if (i !== 7) output += ':';
  }
  return output;
}

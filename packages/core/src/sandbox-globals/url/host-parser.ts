import { StringPrototypeCharCodeAt, StringPrototypeSlice } from '../primordials';
import { utf8DecodeWithoutBOM } from '../utf8';
import { domainToAscii } from './domain-to-ascii';
import { endsInANumber, parseIPv4, parseIPv6, serializeIPv4, serializeIPv6 } from './ip-address';
import { EncodeSet, percentDecodeString, percentEncodeString } from './percent-encoding';

function isForbiddenHostCodePoint(c: number): boolean {
  switch (c) {
    case 0x00:
    case 0x09:
    case 0x0a:
    case 0x0d:
    case 0x20:
    case 0x23: // #
    case 0x2f: // /
    case 0x3a: // :
    case 0x3c: // <
    case 0x3e: // >
    case 0x3f: // ?
    case 0x40: // @
    case 0x5b: // [
    case 0x5c: // \
    case 0x5d: // ]
    case 0x5e: // ^
    case 0x7c: // |
      return true;
    default:
      return false;
  }
}

function isForbiddenDomainCodePoint(c: number): boolean {
  return isForbiddenHostCodePoint(c) || c <= 0x1f || c === 0x25 || c === 0x7f;
}

/**
 * The URL Standard's host parser. Returns the serialized host (`example.com`, `1.2.3.4`,
 * `[::1]`, an opaque host for non-special schemes) or undefined on failure.
 */
export function parseHost(input: string, isOpaque: boolean): string | undefined {
  if (input.length > 0 && StringPrototypeCharCodeAt(input, 0) === 0x5b) {
    if (StringPrototypeCharCodeAt(input, input.length - 1) !== 0x5d) return undefined;
    const address = parseIPv6(StringPrototypeSlice(input, 1, input.length - 1));
    return address === undefined ? undefined : `[${serializeIPv6(address)}]`;
  }
  if (isOpaque) {
    for (let i = 0; i < input.length; i++) {
      if (isForbiddenHostCodePoint(StringPrototypeCharCodeAt(input, i))) return undefined;
    }
    return percentEncodeString(input, EncodeSet.C0Control);
  }
  const domain = utf8DecodeWithoutBOM(percentDecodeString(input));
  const ascii = domainToAscii(domain);
  if (ascii === undefined || ascii === '') return undefined;
  for (let i = 0; i < ascii.length; i++) {
    if (isForbiddenDomainCodePoint(StringPrototypeCharCodeAt(ascii, i))) return undefined;
  }
  if (endsInANumber(ascii)) {
    const address = parseIPv4(ascii);
    return address < 0 ? undefined : serializeIPv4(address);
  }
  return ascii;
}

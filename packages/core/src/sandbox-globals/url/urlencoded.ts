import {
  createList,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSubarray,
} from '../primordials';
import { utf8DecodeWithoutBOM, utf8Encode } from '../utf8';
import { EncodeSet, percentDecodeBytes, percentEncodeString } from './percent-encoding';

/** One name-value pair of a query (a two-element list, as in the standard). */
export type QueryPair = [name: string, value: string];

function decodeComponent(bytes: Uint8Array): string {
  const length = TypedArrayPrototypeGetLength(bytes);
  for (let i = 0; i < length; i++) if (bytes[i] === 0x2b) bytes[i] = 0x20;
  return utf8DecodeWithoutBOM(percentDecodeBytes(bytes));
}

/** The application/x-www-form-urlencoded parser (`a=1&b=x+y` → pairs). */
export function parseUrlencoded(input: string): QueryPair[] {
  const bytes = utf8Encode(input);
  const length = TypedArrayPrototypeGetLength(bytes);
  const output = createList<QueryPair>();
  let start = 0;
  for (let i = 0; i <= length; i++) {
    if (i < length && bytes[i] !== 0x26) continue;
    if (i > start) {
      let equals = -1;
      for (let j = start; j < i; j++) {
        if (bytes[j] === 0x3d) {
          equals = j;
          break;
        }
      }
      const name =
        equals < 0
          ? TypedArrayPrototypeSubarray(bytes, start, i)
          : TypedArrayPrototypeSubarray(bytes, start, equals);
      const value =
        equals < 0
          ? TypedArrayPrototypeSubarray(bytes, i, i)
          : TypedArrayPrototypeSubarray(bytes, equals + 1, i);
      const pair = createList<string>() as unknown as QueryPair;
      pair[0] = decodeComponent(name);
      pair[1] = decodeComponent(value);
      output[output.length] = pair;
    }
    start = i + 1;
  }
  return output;
}

/** The application/x-www-form-urlencoded serializer (spaces as `+`). */
export function serializeUrlencoded(pairs: QueryPair[]): string {
  let output = '';
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as QueryPair;
    if (i !== 0) output += '&';
    output += `${percentEncodeString(pair[0], EncodeSet.FormUrlencoded, true)}=${percentEncodeString(pair[1], EncodeSet.FormUrlencoded, true)}`;
  }
  return output;
}

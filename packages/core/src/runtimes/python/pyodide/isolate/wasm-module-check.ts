/**
 * Reads the section headers of a WebAssembly binary to decide whether a module compiled by user
 * code may be allowed: a module that defines or imports a memory could allocate (or grow, with the
 * `memory.grow` instruction) linear memory that no JavaScript wrapper sees and that the isolate's
 * heap limit does not count, so such modules are refused once the sandbox has booted. Tables live
 * on the V8 heap, which the isolate's limit does count. Anything this parser does not understand
 * is refused too.
 */

const sectionMemory = 5;
const sectionImport = 2;

const importKindFunction = 0;
const importKindTable = 1;
const importKindMemory = 2;
const importKindGlobal = 3;
const importKindTag = 4;

/** Why a module is refused, or `undefined` when it may be compiled. */
export function refuseWasmModule(bytes: Uint8Array): string | undefined {
  const length = bytes.length;
  if (
    length < 8 ||
    bytes[0] !== 0x00 ||
    bytes[1] !== 0x61 ||
    bytes[2] !== 0x73 ||
    bytes[3] !== 0x6d ||
    bytes[4] !== 0x01 ||
    bytes[5] !== 0x00 ||
    bytes[6] !== 0x00 ||
    bytes[7] !== 0x00
  ) {
    return 'it is not a WebAssembly module (version 1)';
  }
  let offset = 8;
  const readUnsigned = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (offset >= length || shift > 63) throw new RangeError('truncated LEB128');
      const byte = bytes[offset++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  };
  const skipSigned = (): void => {
    for (let count = 0; ; count++) {
      if (offset >= length || count > 10) throw new RangeError('truncated LEB128');
      if (((bytes[offset++] as number) & 0x80) === 0) return;
    }
  };
  const skipName = (): void => {
    const size = readUnsigned();
    offset += size;
    if (offset > length) throw new RangeError('truncated name');
  };
  const skipLimits = (): void => {
    if (offset >= length) throw new RangeError('truncated limits');
    const flags = bytes[offset++] as number;
    // Bit 0: a maximum follows. Bit 2 (memory64/table64): the bounds are u64, still LEB128.
    if (flags & ~0x07) throw new RangeError('unknown limits flags');
    readUnsigned();
    if (flags & 0x01) readUnsigned();
  };
  const skipValueType = (): void => {
    if (offset >= length) throw new RangeError('truncated value type');
    const type = bytes[offset++] as number;
    // (ref null ht) / (ref ht): a heap type (s33) follows.
    if (type === 0x63 || type === 0x64) skipSigned();
  };

  try {
    while (offset < length) {
      const id = bytes[offset++] as number;
      const size = readUnsigned();
      const end = offset + size;
      if (end > length) return 'a section is truncated';
      if (id === sectionMemory) {
        if (readUnsigned() > 0) return 'it defines its own memory';
      } else if (id === sectionImport) {
        const count = readUnsigned();
        for (let index = 0; index < count; index++) {
          skipName();
          skipName();
          const kind = bytes[offset++];
          if (kind === importKindFunction) readUnsigned();
          else if (kind === importKindTable) {
            skipValueType();
            skipLimits();
          } else if (kind === importKindGlobal) {
            skipValueType();
            offset++;
          } else if (kind === importKindTag) {
            offset++;
            readUnsigned();
          } else if (kind === importKindMemory) return 'it imports a memory';
          else return 'it has an import this sandbox does not recognise';
          if (offset > end) return 'the import section is malformed';
        }
      }
      offset = end;
    }
  } catch {
    return 'it is malformed';
  }
  return undefined;
}

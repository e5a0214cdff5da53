import { describe, expect, it } from 'vitest';
import { refuseWasmModule } from './wasm-module-check';

const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const bytes = (...sections: number[][]) => new Uint8Array([...header, ...sections.flat()]);

describe('refuseWasmModule', () => {
  it('allows a module without memory', () => {
    const add = bytes(
      [0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f],
      [0x03, 0x02, 0x01, 0x00],
      [0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00],
      [0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b],
    );
    expect(refuseWasmModule(add)).toBeUndefined();
  });

  it('allows imported functions, globals, tags and tables', () => {
    const entries = [
      [0x01, 0x65, 0x01, 0x66, 0x00, 0x00], // func e.f (type 0)
      [0x01, 0x65, 0x01, 0x67, 0x03, 0x7f, 0x00], // global e.g: i32, immutable
      [0x01, 0x65, 0x01, 0x74, 0x04, 0x00, 0x00], // tag e.t (type 0)
      [0x01, 0x65, 0x01, 0x78, 0x01, 0x70, 0x00, 0x01], // table e.x: funcref, min 1
    ];
    const content = [entries.length, ...entries.flat()];
    const module = bytes([0x01, 0x04, 0x01, 0x60, 0x00, 0x00], [0x02, content.length, ...content]);
    expect(refuseWasmModule(module)).toBeUndefined();
    // The same module with a memory import appended is refused: the parser reads every entry.
    const withMemory = [...entries, [0x01, 0x65, 0x01, 0x6d, 0x02, 0x00, 0x01]];
    const content2 = [withMemory.length, ...withMemory.flat()];
    expect(
      refuseWasmModule(
        bytes([0x01, 0x04, 0x01, 0x60, 0x00, 0x00], [0x02, content2.length, ...content2]),
      ),
    ).toBe('it imports a memory');
  });

  it('refuses a module that defines a memory', () => {
    expect(refuseWasmModule(bytes([0x05, 0x03, 0x01, 0x00, 0x01]))).toBe(
      'it defines its own memory',
    );
  });

  it('allows an empty memory section', () => {
    expect(refuseWasmModule(bytes([0x05, 0x01, 0x00]))).toBeUndefined();
  });

  it('refuses a module that imports a memory', () => {
    const importsMemory = bytes([0x02, 0x08, 0x01, 0x01, 0x65, 0x01, 0x6d, 0x02, 0x00, 0x01]);
    expect(refuseWasmModule(importsMemory)).toBe('it imports a memory');
  });

  it('refuses what it cannot read', () => {
    expect(refuseWasmModule(new Uint8Array([1, 2, 3]))).toMatch(/not a WebAssembly module/);
    expect(refuseWasmModule(bytes([0x05, 0x7f, 0x01]))).toMatch(/truncated/);
    expect(refuseWasmModule(bytes([0x02, 0x05, 0x01, 0x01, 0x65, 0x01, 0x6d, 0x09]))).toMatch(
      /does not recognise|malformed/,
    );
  });
});

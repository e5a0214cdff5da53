import { describe, expect, it } from 'vitest';
import { initialOldSpaceMbOf, withPyodideHeapStart } from './pyodide-heap-start';

describe('initialOldSpaceMbOf', () => {
  it("reads the process's --initial-old-space-size, the last one given", () => {
    expect(initialOldSpaceMbOf([])).toBe(0);
    expect(initialOldSpaceMbOf(['--disable-warning=ExperimentalWarning'])).toBe(0);
    expect(initialOldSpaceMbOf(['--initial-old-space-size=8'])).toBe(8);
    expect(initialOldSpaceMbOf(['--initial_old_space_size=16'])).toBe(16);
    expect(initialOldSpaceMbOf(['--initial-old-space-size', '24'])).toBe(24);
    expect(initialOldSpaceMbOf(['--initial-old-space-size=8', '--initial-old-space-size=12'])).toBe(
      12,
    );
  });

  it('ignores a value that is not a size', () => {
    expect(initialOldSpaceMbOf(['--initial-old-space-size=big'])).toBe(0);
    expect(initialOldSpaceMbOf(['--initial-old-space-size=8', '--initial-old-space-size=-1'])).toBe(
      8,
    );
  });
});

describe('withPyodideHeapStart', () => {
  it('returns what create returns, and passes on what it throws', () => {
    expect(withPyodideHeapStart(() => 42)).toBe(42);
    expect(() =>
      withPyodideHeapStart(() => {
        throw new Error('no isolate');
      }),
    ).toThrow('no isolate');
  });
});

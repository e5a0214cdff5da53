import { describe, expect, it } from 'vitest';
import { isolatedVmPackageName } from './isolated-vm-package';

describe('isolatedVmPackageName', () => {
  it('picks the isolated-vm line that has a native build for the Node', () => {
    expect(isolatedVmPackageName('22.12.0')).toBe('isolated-vm-6');
    expect(isolatedVmPackageName('24.21.0')).toBe('isolated-vm');
    expect(isolatedVmPackageName('26.10.0')).toBe('isolated-vm');
  });
});

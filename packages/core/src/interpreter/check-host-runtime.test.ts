import { describe, expect, it } from 'vitest';
import { RuntimeUnavailableError } from '../errors/runtime-unavailable-error';
import { checkHostRuntime } from './check-host-runtime';

describe('checkHostRuntime', () => {
  it('refuses a Node older than 22.12 and says how to get a newer one', () => {
    let thrown: unknown;
    try {
      checkHostRuntime('20.20.2');
    } catch (error) {
      thrown = error;
    }
    expect(RuntimeUnavailableError.isInstance(thrown)).toBe(true);
    expect((thrown as RuntimeUnavailableError).runtime).toBe('node');
    expect((thrown as Error).message).toMatch(
      /needs Node 22\.12 or newer; this process runs Node 20\.20\.2/,
    );
    expect((thrown as Error).message).toContain('eval "$(bash scripts/dev.sh env)"');
  });

  it('passes on the Node that runs the tests, which has a native build of isolated-vm', () => {
    expect(() => checkHostRuntime()).not.toThrow();
  });
});

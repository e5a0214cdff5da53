import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeBinary } from '../../../scripts/node-binary.mjs';
import { corePackageRoot } from '../src/package-files';

/**
 * What a user on an unsupported Node sees: the README's example commands run with whatever Node
 * is on PATH, and a machine's own Node is often 20.
 */
describe('the core on a Node it does not support', () => {
  it('createCodeInterpreter throws RuntimeUnavailableError naming the Node and the fix', () => {
    const script = `
      import { createCodeInterpreter, RuntimeUnavailableError } from ${JSON.stringify(join(corePackageRoot(), 'dist', 'index.js'))};
      try { createCodeInterpreter(); console.log('created') }
      catch (error) { console.log(JSON.stringify({ name: error.name, runtime: error.runtime, unavailable: RuntimeUnavailableError.isInstance(error), message: error.message })) }`;
    const run = spawnSync(nodeBinary(20), ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const outcome = JSON.parse(run.stdout.trim());
    expect(outcome).toMatchObject({
      name: 'CodeInterpreterRuntimeUnavailableError',
      runtime: 'node',
      unavailable: true,
    });
    expect(outcome.message).toMatch(/needs Node 22\.12 or newer; this process runs Node 20\./);
    expect(outcome.message).toContain('eval "$(bash scripts/dev.sh env)"');
  }, 300_000);
});

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeBinary } from '../../../scripts/node-binary.mjs';

const script = fileURLToPath(new URL('../agent.mjs', import.meta.url));

describe('the example on a Node the sandbox cannot run on (a machine whose own Node is 20)', () => {
  it('exits 1 with a message that says how to get a Node it runs on', () => {
    const run = spawnSync(nodeBinary(20), [script], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/Cannot start the code interpreter: .*needs Node 22\.12 or newer/);
    expect(run.stdout).toContain('eval "$(bash scripts/dev.sh env)"');
  }, 300_000);
});

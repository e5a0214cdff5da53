import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/invalid-input-error';
import { createCodeInterpreter } from './create-code-interpreter';

describe('workspace root', () => {
  it('is refused with what to do when the sandboxes’ user could not reach it, else used', async () => {
    // mkdtemp makes a folder only its owner may enter (0700).
    const base = mkdtempSync(join(tmpdir(), 'workspace-root-'));
    try {
      const attempt = () => createCodeInterpreter({ workspace: { root: base } });
      if (process.getuid?.() === 0) {
        // As root, sandboxes run as nobody (native boxes always; workers where bubblewrap works).
        const refused = (() => {
          try {
            return createCodeInterpreter({ python: 'native', workspace: { root: base } });
          } catch (error) {
            return error;
          }
        })();
        expect(InvalidInputError.isInstance(refused)).toBe(true);
        expect((refused as Error).message).toContain(`chmod o+x ${base}`);
      } else {
        const interpreter = attempt();
        expect(readdirSync(base)).toHaveLength(1);
        await interpreter.close();
        expect(readdirSync(base)).toEqual([]);
      }
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

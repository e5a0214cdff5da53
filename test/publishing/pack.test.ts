import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * What `npm publish` would send, checked without publishing: each package packed with pnpm (which
 * rewrites `workspace:` ranges), unpacked, and checked as a user installing it would meet it.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const packages = readdirSync(join(root, 'packages'));
const out = mkdtempSync(join(tmpdir(), 'pack-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Manifest {
  name: string;
  main?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  publishConfig?: { access?: string; provenance?: boolean };
  engines?: { node?: string };
  license?: string;
}

/** Packs `name`, unpacks it, and returns its folder and the files it holds. */
function packed(name: string): { folder: string; files: string[]; manifest: Manifest } {
  const destination = join(out, name);
  execFileSync('pnpm', ['pack', '--pack-destination', destination], {
    cwd: join(root, 'packages', name),
    stdio: 'ignore',
  });
  const [tarball] = readdirSync(destination).filter((file) => file.endsWith('.tgz'));
  execFileSync('tar', ['-xzf', tarball as string], { cwd: destination });
  const folder = join(destination, 'package');
  const files = execFileSync('find', ['.', '-type', 'f'], { cwd: folder, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((file) => file.slice(2));
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest;
  return { folder, files, manifest };
}

/** Every file path a manifest points at (main, types, bin, exports). */
function entryPoints(manifest: Manifest): string[] {
  const targets: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') targets.push(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk([manifest.main, manifest.types, manifest.bin, manifest.exports]);
  return targets.filter((target) => !target.endsWith('package.json'));
}

describe.for(packages)('the published %s package', (name) => {
  const { folder, files, manifest } = packed(name);

  it('holds its build, README and LICENSE, and no sources or tests', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
    for (const target of entryPoints(manifest)) expect(files, target).toContain(target);
    expect(files.filter((file) => /^src\/|\.test\.|tsconfig|\.tsbuildinfo$/.test(file))).toEqual(
      [],
    );
  });

  it('names real versions of its workspace dependencies, and publishes publicly with provenance', () => {
    for (const range of Object.values({
      ...manifest.dependencies,
      ...manifest.peerDependencies,
    })) {
      expect(range).not.toMatch(/^workspace:/);
    }
    expect(manifest.publishConfig).toEqual({ access: 'public', provenance: true });
    expect(manifest.engines?.node).toBe('>=22.12');
    expect(manifest.license).toBe('MIT');
  });

  it('passes publint with no errors or warnings', async () => {
    const { messages } = await publint({ pkgDir: folder, strict: true, level: 'warning' });
    expect(messages.map((message) => `${message.code}: ${JSON.stringify(message.args)}`)).toEqual(
      [],
    );
  });
});

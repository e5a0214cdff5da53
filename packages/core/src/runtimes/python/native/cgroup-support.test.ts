import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectCgroupSupport } from './cgroup-support';

// Detection reads /proc/self/mountinfo and /proc/self/cgroup; here both describe cgroup mounts
// that are plain folders in a temporary directory.

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cgroup-support-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function folder(path: string, files: Record<string, string> = {}): string {
  const full = join(root, path);
  mkdirSync(full, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(full, name), text);
  return full;
}

const mountLine = (id: number, mountRoot: string, point: string, type: string, options: string) =>
  `${id} 1 0:${id} ${mountRoot} ${point.replaceAll(' ', '\\040')} rw,relatime - ${type} ${type} ${options}`;

describe('detectCgroupSupport', () => {
  it('finds cgroup v1 memory and pids hierarchies below the process’s own cgroups', () => {
    const memory = folder('memory');
    folder('memory/app/worker', { 'memory.limit_in_bytes': '', 'memory.oom_control': '' });
    const pids = folder('pids');
    const support = detectCgroupSupport({
      mountInfo: [
        mountLine(30, '/', root, 'tmpfs', 'rw'),
        mountLine(31, '/', memory, 'cgroup', 'rw,memory'),
        mountLine(32, '/', pids, 'cgroup', 'rw,pids'),
      ].join('\n'),
      selfCgroup: '8:pids:/\n4:memory:/app/worker\n0::/\n',
    });
    expect(support).toEqual({
      version: 1,
      memoryParent: join(memory, 'app/worker/code-interpreter'),
      pidsParent: join(pids, 'code-interpreter'),
    });
  });

  it('maps a hierarchy mounted from a sub-cgroup (a container’s view) and decodes escaped mount points', () => {
    const memory = folder('memory with space', {
      'memory.limit_in_bytes': '',
      'memory.oom_control': '',
    });
    const pids = folder('pids');
    const support = detectCgroupSupport({
      mountInfo: [
        mountLine(31, '/docker/abc', memory, 'cgroup', 'rw,memory'),
        mountLine(32, '/docker/abc', pids, 'cgroup', 'rw,pids'),
      ].join('\n'),
      selfCgroup: '8:pids:/docker/abc\n4:memory:/docker/abc\n',
    });
    expect(support).toMatchObject({ version: 1, memoryParent: join(memory, 'code-interpreter') });
  });

  it('prefers cgroup v2 where its children get memory and pids', () => {
    const unified = folder('unified');
    folder('unified/service', {
      'cgroup.controllers': 'cpu memory pids\n',
      'cgroup.subtree_control': 'memory pids\n',
    });
    const support = detectCgroupSupport({
      mountInfo: mountLine(40, '/', unified, 'cgroup2', 'rw'),
      selfCgroup: '0::/service\n',
    });
    expect(support).toEqual({ version: 2, parent: join(unified, 'service/code-interpreter') });
  });

  it('finds none where v2 lacks the controllers and no v1 hierarchy is mounted, or the process’s cgroup is not visible', () => {
    const unified = folder('unified');
    folder('unified/service', { 'cgroup.controllers': 'cpu io\n' });
    expect(
      detectCgroupSupport({
        mountInfo: mountLine(40, '/', unified, 'cgroup2', 'rw'),
        selfCgroup: '0::/service\n',
      }),
    ).toBeUndefined();
    const memory = folder('memory');
    expect(
      detectCgroupSupport({
        mountInfo: mountLine(31, '/other', memory, 'cgroup', 'rw,memory'),
        selfCgroup: '4:memory:/mine\n8:pids:/\n',
      }),
    ).toBeUndefined();
    expect(detectCgroupSupport({ mountInfo: '', selfCgroup: '' })).toBeUndefined();
  });
});

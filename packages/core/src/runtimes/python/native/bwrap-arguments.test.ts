import { describe, expect, it } from 'vitest';
import { buildBwrapArguments } from './bwrap-arguments';

const args = buildBwrapArguments({
  hostFolders: [
    { path: '/usr/lib/python3', kind: 'bind' },
    { path: '/usr/bin/python3', kind: 'symlink', target: 'python3.11' },
    { path: '/lib', kind: 'symlink', target: 'usr/lib' },
  ],
  extraReadOnlyFolders: ['/opt/python'],
  readOnlyFilesInTmp: [
    { source: '/host/fontlist.json', destination: '/tmp/.matplotlib/fontlist.json' },
  ],
  tmpSizeMb: 64,
  shmSizeMb: 16,
  seccompFd: 5,
  command: ['/usr/bin/python3', '-I'],
});
const joined = args.join(' ');

describe('buildBwrapArguments', () => {
  it('unshares every namespace, forbids nested user namespaces and dies with its parent', () => {
    expect(args.slice(0, 5)).toEqual([
      '--unshare-all',
      '--unshare-user',
      '--disable-userns',
      '--die-with-parent',
      '--new-session',
    ]);
    expect(args).not.toContain('--share-net');
  });

  it('binds only system folders read-only, never home, root, work or the host /tmp', () => {
    expect(joined).toContain(
      '--ro-bind /usr/lib/python3 /usr/lib/python3 --symlink python3.11 /usr/bin/python3 --symlink usr/lib /lib',
    );
    expect(joined).toContain('--ro-bind /opt/python /opt/python');
    expect(args.filter((arg) => arg === '--bind' || arg === '--dev-bind')).toEqual([]);
    for (const path of ['/home', '/root', '/work', '/var']) expect(args).not.toContain(path);
  });

  it('gives size-limited tmpfs mounts on /tmp and /dev/shm, then makes the rest read-only', () => {
    expect(joined).toContain(
      '--size 67108864 --tmpfs /tmp --ro-bind /host/fontlist.json /tmp/.matplotlib/fontlist.json --size 16777216 --tmpfs /dev/shm --remount-ro /dev --remount-ro /',
    );
  });

  it('clears the environment, sets a fixed one, loads the seccomp filter and runs the command last', () => {
    expect(joined).toContain(
      '--clearenv --setenv PATH /usr/local/bin:/usr/bin:/bin --setenv HOME /tmp',
    );
    expect(joined).toContain('--chdir /tmp --seccomp 5 -- /usr/bin/python3 -I');
    expect(args.at(-1)).toBe('-I');
  });
});

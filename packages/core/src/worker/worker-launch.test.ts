import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** Each bubblewrap probe the launch made: its command line's last argument, and its user. */
const probes: Array<{ last: string | undefined; uid: number | undefined }> = [];
/** The exit status each kind of probe gets. */
let statusOf: { asNobody: number; plain: number };

vi.mock('node:child_process', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:child_process')>();
  return {
    ...actual,
    spawnSync: vi.fn((command: string, args: string[], options: { uid?: number } = {}) => {
      // The launch also checks once for setpriv (the parent-death signal): answered as absent.
      if (!command.endsWith('bwrap')) return { status: 1 };
      probes.push({ last: args.at(-1), uid: options.uid });
      return { status: options.uid === 65534 ? statusOf.asNobody : statusOf.plain };
    }),
  };
});

/** A fresh copy of the module: it probes once per process and keeps the answer. */
async function launchAsRoot() {
  vi.resetModules();
  vi.spyOn(process, 'getuid').mockReturnValue(0);
  const { workerLaunch } = await import('./worker-launch');
  return workerLaunch('auto', ['entry.js']);
}

describe.runIf(process.platform === 'linux')('workerLaunch probes, as root', () => {
  beforeEach(() => {
    probes.length = 0;
  });
  afterEach(() => vi.restoreAllMocks());

  it('probes once when a worker starts as nobody under bubblewrap, and starts workers so', async () => {
    statusOf = { asNobody: 2, plain: 0 };
    const launch = await launchAsRoot();
    expect(probes).toEqual([{ last: expect.stringMatching(/sandbox-worker\.js$/), uid: 65534 }]);
    expect(launch).toMatchObject({ confined: true, uid: 65534, gid: 65534 });
    expect(launch.args.at(-1)).toBe('entry.js');
  });

  it('tries bubblewrap itself when nobody cannot start a worker, and confines workers as root', async () => {
    statusOf = { asNobody: 1, plain: 0 };
    const launch = await launchAsRoot();
    expect(probes.map((probe) => probe.uid)).toEqual([65534, undefined]);
    expect(launch.confined).toBe(true);
    expect(launch.uid).toBeUndefined();
  });

  it('starts workers unconfined when bubblewrap does not work at all', async () => {
    statusOf = { asNobody: 1, plain: 1 };
    const launch = await launchAsRoot();
    expect(probes).toHaveLength(2);
    expect(launch.confined).toBe(false);
  });
});

import { describe, expect } from 'vitest';
import { HostMemoryMonitor } from './host-memory-monitor';
import { nativeTest as it } from './native-python-test-fixture';

// Memory no process counts: socket buffers live in the kernel, outside every resident set, so
// the host's sampling of the box's processes cannot see them. Forked children filling AF_UNIX
// socketpairs once took 9.8 GB from the host under a 64 MB limit, until the timeout.

/** Children forked by the attack (each also bounded in bytes and seconds, see below). */
const attackChildren = Number(process.env.NATIVE_PYTHON_ATTACK_CHILDREN ?? 40);

/**
 * Forks up to `children` processes; each fills AF_UNIX datagram socketpairs (buffers raised
 * where allowed) until it sent 48 MB or 4 s passed, then holds them. Bounded, so that a
 * runtime without the fix takes at most about 40 × 48 MB (plus the kernel's overhead) from
 * this machine, for the run's timeout.
 */
function socketBufferAttack(children: number): string {
  return [
    'import os, socket, time',
    'forked = 0',
    `for child in range(${children}):`,
    '    try:',
    '        pid = os.fork()',
    '    except OSError:',
    '        break',
    '    if pid == 0:',
    '        deadline = time.monotonic() + 4',
    '        held, sent = [], 0',
    '        while time.monotonic() < deadline and sent < 48 * 2**20:',
    '            try:',
    '                pair = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)',
    '            except OSError:',
    '                break',
    '            held.append(pair)',
    '            for end in pair:',
    '                try:',
    '                    end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 2**30)',
    '                except OSError:',
    '                    pass',
    '                end.setblocking(False)',
    '                while sent < 48 * 2**20:',
    '                    try:',
    "                        sent += end.send(b'x' * 65536)",
    '                    except OSError:',
    '                        break',
    '        time.sleep(30)',
    '        os._exit(0)',
    '    forked += 1',
    'time.sleep(30)',
    'forked',
  ].join('\n');
}

describe('native Python sandbox: kernel memory', () => {
  it('stops children filling AF_UNIX socket buffers with MemoryLimitError, the host’s memory bounded', async ({
    runOnce,
  }) => {
    const monitor = new HostMemoryMonitor();
    const started = performance.now();
    let outcome: Awaited<ReturnType<typeof runOnce>>;
    try {
      outcome = await runOnce(socketBufferAttack(attackChildren), {
        memoryLimitMb: 64,
        timeoutMs: 8000,
      });
    } finally {
      const growth = monitor.stop();
      console.info(
        `socket buffer attack: ${Math.round(performance.now() - started)} ms, host MemAvailable dropped ${growth.availableDropMb} MB, Slab grew ${growth.slabGrowthMb} MB`,
      );
      expect(growth.availableDropMb).toBeLessThan(400);
    }
    expect(outcome.error).toEqual({
      name: 'MemoryLimitError',
      message:
        'Memory limit exceeded: the program used more than 64 MB and was stopped. Use smaller data or process it in pieces.',
    });
    expect(outcome).toMatchObject({ timedOut: false, reusable: false });
  });
});

// Hostile programs of the hostile-tenants issue, shared by the tests that must stop them and by
// `pnpm bench`'s fairness section (a plain module, so the bench can load it without a build).

/** 126 characters: sucrase's TypeScript parser backtracks exponentially over nested generics. */
export const typeScriptParseBomb = `${'<T>('.repeat(25)}a${')'.repeat(25)}`;

/** A FinalizationRegistry whose callback never returns, and garbage enough to trigger it. */
export const endlessFinalizer = `globalThis.r = new FinalizationRegistry(() => { for (;;); });
for (let i = 0; i < 1e4; i++) r.register({}, i);
for (let j = 0; j < 20; j++) { let a = []; for (let i = 0; i < 3e5; i++) a.push({ i }) }`;

/** An invalid regular expression literal whose V8 error message holds 99,990 spaces. */
export const syntaxErrorWithSpaces = `/(${' '.repeat(99_990)}/`;

/** A value whose rendering is 200 million characters long. */
export const hugeSymbolValue = "Symbol('d'.repeat(2e8))";

/**
 * Outruns its memory limit inside one V8 builtin: isolated-vm disposes the isolate at the limit,
 * but the builtin keeps running and allocating on its thread until the process ends.
 */
export const outrunsItsMemoryLimit = 'Array(1e9).fill(0).length';

/**
 * Runs in a V8 builtin that ignores the deadline (2-3.5 s on the machines measured): only ending
 * its worker process stops it. Its result is 80 MB, but its peak heap can pass the default 128 MB
 * limit after about 2 s on a fast host, so a test that needs the deadline (not the memory limit)
 * to be what it outlasts gives it 512 MB (with which it finishes, in about 3.3 s).
 */
export const killsItsWorker = "'x'.repeat(2e7).replace(/x/g, 'yyyy').length";

/**
 * Python that forks up to `children` processes; each fills AF_UNIX datagram socketpairs
 * (buffers raised where allowed) until it sent 48 MB or 4 s passed, then holds them: memory no
 * process counts (socket buffers live in the kernel). Bounded, so a runtime without the fix takes
 * at most about `children` × 48 MB from the machine, for the run's timeout.
 */
export function socketBufferAttack(children) {
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

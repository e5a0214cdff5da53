import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCodeInterpreter } from '../interpreter/create-code-interpreter';
import { corePackageRoot } from '../package-files';
import { workerBubblewrapArguments, workerLaunch } from './worker-launch';

/**
 * The layer under the isolates: a worker process runs confined, so even code that escaped an
 * isolate (simulated here by running Node directly in the same box) reaches nothing useful.
 */
describe('worker processes under bubblewrap', () => {
  const hostFolder = mkdtempSync(join(tmpdir(), 'worker-launch-test-'));
  const secretFile = join(hostFolder, 'secret.txt');
  let server: ReturnType<typeof createServer>;
  let port = 0;
  let connections = 0;

  beforeAll(async () => {
    writeFileSync(secretFile, 'host secret');
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => {
    server.close();
    rmSync(hostFolder, { recursive: true, force: true });
  });

  /** Runs a Node script inside the same box a worker gets; returns its stdout. */
  function insideWorkerBox(script: string): string {
    const launch = workerLaunch('bubblewrap', ['-e', script]);
    expect(launch.confined).toBe(true);
    const result = spawnSync(launch.command, launch.args, {
      ...(launch.uid !== undefined ? { uid: launch.uid, gid: launch.gid } : {}),
      encoding: 'utf8',
      timeout: 20_000,
      env: { PATH: '/usr/bin:/bin', HOST_SECRET: 'leaked' },
    });
    expect(result.stderr).toBe('');
    return result.stdout.trim();
  }

  it('bubblewrap is installed here (CI installs it)', () => {
    expect(() => workerLaunch('bubblewrap', [])).not.toThrow();
  });

  it('cannot open a socket to a loopback server the test started', async () => {
    const out = insideWorkerBox(`
      const net = require('node:net');
      const s = net.connect(${port}, '127.0.0.1');
      s.on('connect', () => { console.log('connected'); process.exit(0) });
      s.on('error', (e) => { console.log('refused ' + e.code); process.exit(0) });`);
    expect(out).toMatch(/^refused/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(connections).toBe(0);
  });

  it('cannot write outside its private /tmp, and its /tmp is not the host /tmp', () => {
    const target = join(corePackageRoot(), 'escape-marker.txt');
    const out = insideWorkerBox(`
      const fs = require('node:fs');
      const results = [];
      for (const path of [${JSON.stringify(target)}, ${JSON.stringify(join(hostFolder, 'written.txt'))}, '/etc/escape', '/usr/escape']) {
        try { fs.writeFileSync(path, 'x'); results.push('wrote ' + path) } catch (e) { results.push(e.code) }
      }
      fs.writeFileSync('/tmp/scratch.txt', 'scratch'); results.push(fs.readFileSync('/tmp/scratch.txt', 'utf8'));
      console.log(results.join(','))`);
    expect(out).not.toMatch(/wrote/);
    expect(out.endsWith('scratch')).toBe(true);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(hostFolder, 'written.txt'))).toBe(false);
    expect(
      existsSync('/tmp/scratch.txt') && readFileSync('/tmp/scratch.txt', 'utf8') === 'scratch',
    ).toBe(false);
  });

  it('cannot read host files outside the folders it needs, nor see host processes', () => {
    const out = insideWorkerBox(`
      const fs = require('node:fs');
      const r = [];
      for (const path of [${JSON.stringify(secretFile)}, ${JSON.stringify(hostFolder)}, '/root', '/home', '/etc/passwd', '/etc/hostname']) {
        try { fs.readdirSync(path); r.push('listed ' + path) } catch (e) { try { fs.readFileSync(path); r.push('read ' + path) } catch (e2) { r.push(e2.code) } }
      }
      r.push(fs.readdirSync('/proc').filter((n) => /^\\d+$/.test(n)).length);
      console.log(r.join(','))`);
    expect(out).not.toMatch(/read |listed /);
    // Only the box's own processes are visible.
    expect(Number(out.split(',').at(-1))).toBeLessThan(5);
    // Folders above the bound ones exist only as empty mount points, holding nothing else.
    const bound = workerBubblewrapArguments().filter(
      (_, index, all) => all[index - 1] === '--ro-bind',
    );
    const listed = insideWorkerBox(
      `console.log(require('node:fs').readdirSync('/').join(','))`,
    ).split(',');
    for (const entry of listed) {
      expect(['proc', 'dev', 'tmp', ...bound.map((folder) => folder.split('/')[1])]).toContain(
        entry,
      );
    }
  });

  it('the interpreter starts its workers in that box', async () => {
    const interpreter = createCodeInterpreter({
      workers: 1,
      languages: ['javascript'],
      workerIsolation: 'bubblewrap',
    });
    try {
      expect((await interpreter.run({ language: 'javascript', code: '1 + 1' })).value).toBe('2');
      const children = execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], {
        encoding: 'utf8',
      });
      expect(children).toMatch(/bwrap .*--unshare-all.*sandbox-worker\.js/);
    } finally {
      await interpreter.close();
    }
  });

  it('the box gives the worker no network namespace entries besides loopback', () => {
    expect(workerBubblewrapArguments()).toContain('--unshare-all');
    const out = insideWorkerBox(
      `console.log(Object.keys(require('node:os').networkInterfaces()).join(','))`,
    );
    expect(out).toBe('lo');
  });

  it("runs its workers as the host's nobody when the application is root (else as the application's own user)", async () => {
    const interpreter = createCodeInterpreter({
      workers: 1,
      languages: ['javascript'],
      workerIsolation: 'bubblewrap',
    });
    try {
      await interpreter.run({ language: 'javascript', code: '1' });
      const workers = execFileSync('ps', ['-eo', 'uid=,args='], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => /node .*sandbox-worker\.js/.test(line) && !line.includes('bwrap'));
      expect(workers.length).toBeGreaterThan(0);
      const expected = process.getuid?.() === 0 ? 65534 : process.getuid?.();
      for (const line of workers) expect(Number(line.trim().split(/\s+/)[0])).toBe(expected);
    } finally {
      await interpreter.close();
    }
  });
});

describe('a worker process not under bubblewrap', () => {
  it('is killed with the application when the application is SIGKILLed, even with its event loop blocked', async () => {
    // Stands in for a worker whose main thread never returns to its event loop (so it never
    // sees its IPC channel close): only the parent-death signal can end it.
    const launch = workerLaunch('none', ['-e', 'console.log(process.pid); while (true) {}']);
    expect(launch.confined).toBe(false);
    const application = `
      const { spawn } = require('node:child_process');
      const child = spawn(${JSON.stringify(launch.command)}, ${JSON.stringify(launch.args)}, { stdio: ['ignore', 'pipe', 'inherit'] });
      child.stdout.once('data', (pid) => console.log(String(pid).trim()));
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', application], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const workerPid = Number(
      await new Promise<string>((resolve) =>
        parent.stdout.once('data', (data) => resolve(String(data))),
      ),
    );
    expect(workerPid).toBeGreaterThan(1);
    expect(existsSync(`/proc/${workerPid}`)).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (isRunning(workerPid) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const running = isRunning(workerPid);
    if (running) process.kill(workerPid, 'SIGKILL');
    expect(running).toBe(false);
  });
});

/** True while `pid` exists and is not a zombie (a zombie left to a parent that does not reap). */
function isRunning(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

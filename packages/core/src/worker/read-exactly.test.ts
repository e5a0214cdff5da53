import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readExactly } from './read-exactly';

const folder = mkdtempSync(join(tmpdir(), 'read-exactly-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let fifos = 0;

/**
 * The read end of a pipe (a FIFO) that a child process writes `script`'s output into: a blocking
 * descriptor, as a worker's bulk channel is, filled in pieces as the writer goes.
 */
async function pipeFrom(script: string) {
  const path = join(folder, `fifo-${fifos++}`);
  execFileSync('mkfifo', [path]);
  const child = spawn(process.execPath, ['-e', script, path], { stdio: 'inherit' });
  const reader = await open(path, 'r');
  return { child, reader };
}

describe('readExactly', () => {
  it('reads a payload written in many pieces, byte for byte', async () => {
    const { child, reader } = await pipeFrom(
      `const out = require('fs').createWriteStream(process.argv[1]);
       const b = Buffer.alloc(3 * 1024 * 1024); for (let i = 0; i < b.length; i++) b[i] = i % 251;
       let at = 0; (function next() { if (at >= b.length) return out.end(); const piece = b.subarray(at, at + 70001); at += 70001; out.write(piece, next); })();`,
    );
    const bytes = new Uint8Array(await readExactly(reader.fd, 3 * 1024 * 1024));
    expect(bytes.length).toBe(3 * 1024 * 1024);
    expect(bytes.findIndex((value, index) => value !== index % 251)).toBe(-1);
    await reader.close();
    child.kill();
  });

  it('waits on a non-blocking descriptor that has nothing yet, then reads all', async () => {
    const path = join(folder, `fifo-${fifos++}`);
    execFileSync('mkfifo', [path]);
    // The writer says when it holds the pipe open, and writes only 300 ms later.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs'); const fd = fs.openSync(process.argv[1], 'w');
         process.stdout.write('open');
         setTimeout(() => fs.writeSync(fd, Buffer.alloc(200000, 7)), 300);`,
        path,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    // Opening for reading without blocking lets the writer's open return.
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    // Before the writer holds it open, a read would find no writer (end of stream).
    await new Promise((resolve) => child.stdout?.once('data', resolve));
    const bytes = new Uint8Array(await readExactly(fd, 200000));
    expect(bytes.every((value) => value === 7)).toBe(true);
    closeSync(fd);
    child.kill();
  });

  it('rejects when the stream ends before the promised length', async () => {
    const { child, reader } = await pipeFrom(
      `require('fs').writeFileSync(process.argv[1], Buffer.alloc(1000, 1));`,
    );
    await expect(readExactly(reader.fd, 5000)).rejects.toThrow('ended after 1000 of 5000 bytes');
    await reader.close();
    child.kill();
  });
});

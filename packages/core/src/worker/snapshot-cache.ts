import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** First line of a cache file; the second is the SHA-256 of the bytes after it. */
const magic = 'code-interpreter snapshot 1\n';
const headerBytes = magic.length + 65;

/**
 * Where core keeps what it makes once per machine (the Pyodide snapshot): the environment
 * variable `CODE_INTERPRETER_CACHE_DIR` (`off`, or empty, for no cache), else
 * `$XDG_CACHE_HOME/code-interpreter`, else `~/.cache/code-interpreter`. `undefined`: no cache.
 */
export function defaultCacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.CODE_INTERPRETER_CACHE_DIR;
  if (chosen !== undefined) return chosen === '' || chosen === 'off' ? undefined : chosen;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'code-interpreter');
}

/** What a read or write of the cache did, for the interpreter's log. */
export type CacheOutcome =
  | { kind: 'hit'; path: string }
  | { kind: 'miss' }
  | { kind: 'refused'; reason: string };

/**
 * Snapshots kept on disk between processes, one file per kind and key (`<kind>-<key>.bin`), so
 * each application process does not make its own (the Pyodide one is about 6 s of CPU).
 *
 * Only this user's own files are trusted: the folder must be a real directory (not a link)
 * owned by this user and writable by nobody else, and so must the file; the file carries the
 * SHA-256 of its bytes, checked at every read (a torn or corrupt file is removed and made again).
 * Writes go to a fresh file renamed into place, so a reader never sees half of one. A folder that
 * fails these checks is not used (the snapshot is then made in memory, as without a cache).
 */
export class SnapshotCache {
  constructor(private readonly folder: string) {}

  /** The snapshot of this kind and key, when a trusted, intact file holds it. */
  read(kind: string, key: string): { bytes?: ArrayBuffer; outcome: CacheOutcome } {
    const path = this.pathOf(kind, key);
    const refused = this.checkFolder(false);
    if (refused) return { outcome: refused };
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return { outcome: { kind: 'miss' } };
    }
    try {
      const stats = fstatSync(fd);
      const uid = process.getuid?.();
      if (!stats.isFile() || (uid !== undefined && stats.uid !== uid) || stats.mode & 0o022) {
        return {
          outcome: {
            kind: 'refused',
            reason: `${path} is not a file of this user that only it may write`,
          },
        };
      }
      const data = readFileSync(fd);
      const header = data.subarray(0, headerBytes).toString('latin1');
      const body = data.subarray(headerBytes);
      const digest = createHash('sha256').update(body).digest('hex');
      if (header !== `${magic}${digest}\n`) {
        rmSync(path, { force: true });
        return { outcome: { kind: 'miss' } };
      }
      const bytes = new ArrayBuffer(body.byteLength);
      new Uint8Array(bytes).set(body);
      return { bytes, outcome: { kind: 'hit', path } };
    } finally {
      closeSync(fd);
    }
  }

  /** Keeps a snapshot for later processes, replacing this kind's files of other keys. */
  write(kind: string, key: string, bytes: ArrayBuffer): CacheOutcome {
    const path = this.pathOf(kind, key);
    const refused = this.checkFolder(true);
    if (refused) return refused;
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const body = new Uint8Array(bytes);
    const digest = createHash('sha256').update(body).digest('hex');
    try {
      writeFileSync(
        temporary,
        Buffer.concat([Buffer.from(`${magic}${digest}\n`, 'latin1'), body]),
        {
          mode: 0o600,
          flag: 'wx',
        },
      );
      renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      return { kind: 'refused', reason: `could not write ${path} (${(error as Error).message})` };
    }
    for (const name of readdirSync(this.folder)) {
      if (name.startsWith(`${kind}-`) && name !== `${kind}-${key}.bin` && !name.endsWith('.tmp')) {
        rmSync(join(this.folder, name), { force: true });
      }
    }
    return { kind: 'hit', path };
  }

  private pathOf(kind: string, key: string): string {
    if (!/^[a-z0-9-]+$/.test(kind) || !/^[a-f0-9]{16,128}$/.test(key)) {
      throw new TypeError(
        `A snapshot cache kind is [a-z0-9-]+ and its key hex, got ${kind} ${key}.`,
      );
    }
    return join(this.folder, `${kind}-${key}.bin`);
  }

  /** Why the folder may not be used (made first when `create`), or `undefined` when it may. */
  private checkFolder(create: boolean): CacheOutcome | undefined {
    if (create) {
      try {
        mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      } catch (error) {
        return {
          kind: 'refused',
          reason: `could not make ${this.folder} (${(error as Error).message})`,
        };
      }
    }
    let stats: ReturnType<typeof lstatSync>;
    try {
      stats = lstatSync(this.folder);
    } catch {
      return { kind: 'miss' };
    }
    const uid = process.getuid?.();
    if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid) || stats.mode & 0o022) {
      return {
        kind: 'refused',
        reason: `${this.folder} is not a folder of this user that only it may write (set CODE_INTERPRETER_CACHE_DIR to another, or to off)`,
      };
    }
    return undefined;
  }
}

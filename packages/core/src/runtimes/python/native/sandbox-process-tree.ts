import { readdirSync, readFileSync } from 'node:fs';
import { readFile, statfs } from 'node:fs/promises';

// Reads of /proc files that are made from kernel counters (a process's children, status, stat,
// its namespace's sockstat) are synchronous: they take microseconds and never wait for a disk or
// for the process, while an asynchronous read costs five thread-pool round trips (open, fstat,
// two reads, close). Every box is read like this ten or so times; measured for issue 17 (16
// callers, native, 2 cores). smaps_rollup walks the process's mappings under its memory map lock,
// which the sandboxed program can hold: that read stays asynchronous, so that it never stalls the
// worker.

/** Direct children of a process (across all its threads), from /proc. */
export async function childPids(pid: number): Promise<number[]> {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const task of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
      for (const word of text.split(' ')) if (word.trim()) children.push(Number(word));
    } catch {
      // the thread ended meanwhile
    }
  }
  return children;
}

/** Every descendant of a process (children, grandchildren, ...), breadth first. */
export async function descendantPids(pid: number, max = 4096): Promise<number[]> {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length && found.length < max) {
    const next = queue.shift() as number;
    for (const child of await childPids(next)) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Memory of one process that counts against the limit: anonymous plus shared-memory pages. */
function privateMemoryKb(text: string, fields: readonly string[]): number | undefined {
  let total = 0;
  let seen = false;
  for (const field of fields) {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    if (match) {
      total += Number(match[1]);
      seen = true;
    }
  }
  return seen ? total : undefined;
}

/**
 * Memory the processes use, in bytes: anonymous memory (heap, stacks, numpy arrays) plus shared
 * memory (/dev/shm, memfd), not the read-only code of libraries. One process: its resident
 * counters from /proc/<pid>/status (cheap). Several: the proportional share (Pss) from
 * smaps_rollup, so pages shared after a fork count once across the tree, not once per process.
 */
export async function processesMemoryBytes(pids: readonly number[]): Promise<number> {
  let totalKb = 0;
  for (const pid of pids) {
    try {
      if (pids.length > 1) {
        const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
        const kb = privateMemoryKb(rollup, ['Pss_Anon', 'Pss_Shmem']);
        if (kb !== undefined) {
          totalKb += kb;
          continue;
        }
      }
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      totalKb +=
        privateMemoryKb(status, ['RssAnon', 'RssShmem']) ?? privateMemoryKb(status, ['VmRSS']) ?? 0;
    } catch {
      // the process ended meanwhile
    }
  }
  return totalKb * 1024;
}

/** Use of a file system seen from inside a process's mount namespace (e.g. the sandbox's /tmp). */
export async function fileSystemUsage(
  pid: number,
  path: string,
): Promise<{ files: number; bytes: number }> {
  try {
    const info = await statfs(`/proc/${pid}/root${path}`);
    return {
      files: Math.max(0, info.files - info.ffree),
      bytes: Math.max(0, (info.blocks - info.bfree) * info.bsize),
    };
  } catch {
    return { files: 0, bytes: 0 };
  }
}

/** True while /proc still lists the process (including as a zombie). */
export async function processExists(pid: number): Promise<boolean> {
  try {
    readFileSync(`/proc/${pid}/stat`, 'utf8');
    return true;
  } catch {
    return false;
  }
}

/** Resolves once /proc lists none of `pids`, or after `withinMs` whatever is left. */
export async function waitUntilGone(pids: readonly number[], withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (const pid of pids) {
    while ((await processExists(pid)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

/** The parent pid of a process, from /proc/<pid>/stat, or undefined when it is gone. */
export async function parentPid(pid: number): Promise<number | undefined> {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

/**
 * Sockets open in the network namespace of a process (the box's own namespace: every socket
 * of its processes, also those in flight inside other sockets), from /proc/<pid>/net/sockstat.
 */
export async function namespaceSocketCount(pid: number): Promise<number> {
  try {
    const text = readFileSync(`/proc/${pid}/net/sockstat`, 'utf8');
    return Number(/^sockets: used (\d+)$/m.exec(text)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

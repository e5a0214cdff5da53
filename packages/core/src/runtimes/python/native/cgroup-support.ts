import {
  accessSync,
  constants,
  existsSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * Where this host lets the native runtime make one cgroup per box, found once at runtime start.
 * - `2`: a cgroup v2 folder whose children get the memory and pids controllers.
 * - `1`: writable cgroup v1 hierarchies of the memory and pids controllers.
 * Each `parent` is the folder `code-interpreter` below the cgroup the host process itself is in
 * (made with the first box), so the boxes stay inside whatever limits the host process has.
 */
export type CgroupSupport =
  | { version: 2; parent: string }
  | { version: 1; memoryParent: string; pidsParent: string };

/** What detection reads; tests pass their own. */
export interface CgroupHostFacts {
  /** Text of /proc/self/mountinfo. */
  mountInfo: string;
  /** Text of /proc/self/cgroup. */
  selfCgroup: string;
}

/** Name of the folder below the host process's own cgroup that holds the boxes' cgroups. */
export const cgroupParentName = 'code-interpreter';

interface Mount {
  root: string;
  point: string;
  type: string;
  superOptions: string[];
}

const decodeMountField = (field: string) =>
  field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(Number.parseInt(octal, 8)),
  );

function parseMounts(mountInfo: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of mountInfo.split('\n')) {
    const [before, after] = line.split(' - ');
    if (!before || !after) continue;
    const fields = before.split(' ');
    const [type, , superOptions = ''] = after.split(' ');
    if (fields.length < 5 || !type) continue;
    mounts.push({
      root: decodeMountField(fields[3] as string),
      point: decodeMountField(fields[4] as string),
      type,
      superOptions: superOptions.split(','),
    });
  }
  return mounts;
}

/** The host folder of the cgroup at `path` of a hierarchy mounted by `mount`, if visible. */
function folderOf(mount: Mount, path: string): string | undefined {
  if (mount.root === '/') return join(mount.point, path);
  if (path === mount.root || path.startsWith(`${mount.root}/`))
    return join(mount.point, path.slice(mount.root.length));
  return undefined;
}

/** The host process's own cgroup in the hierarchy of a v1 controller, or of v2 (`''`). */
function ownPath(selfCgroup: string, controller: string): string | undefined {
  for (const line of selfCgroup.split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!match) continue;
    const controllers = (match[1] as string).split(',');
    if (controller === '' ? match[1] === '' : controllers.includes(controller)) return match[2];
  }
  return undefined;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** True when this process may make cgroups in `folder` (made when the first box starts). */
function writable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Gives the children of a v2 cgroup the memory and pids controllers; false when refused. */
export function delegateControllers(folder: string): boolean {
  const enabled = readText(join(folder, 'cgroup.subtree_control')).split(/\s+/);
  if (enabled.includes('memory') && enabled.includes('pids')) return true;
  try {
    writeFileSync(join(folder, 'cgroup.subtree_control'), '+memory +pids');
    return true;
  } catch {
    // EBUSY: the cgroup holds processes itself (only the root cgroup may), or not delegated to us
    return false;
  }
}

function detectVersion2(mounts: Mount[], selfCgroup: string): CgroupSupport | undefined {
  const path = ownPath(selfCgroup, '');
  const mount = mounts.find((candidate) => candidate.type === 'cgroup2');
  if (path === undefined || !mount) return undefined;
  const own = folderOf(mount, path);
  if (!own) return undefined;
  const controllers = readText(join(own, 'cgroup.controllers')).split(/\s+/);
  if (!controllers.includes('memory') || !controllers.includes('pids')) return undefined;
  if (!writable(own) || !delegateControllers(own)) return undefined;
  return { version: 2, parent: join(own, cgroupParentName) };
}

function detectVersion1(mounts: Mount[], selfCgroup: string): CgroupSupport | undefined {
  const parents: string[] = [];
  for (const [controller, required] of [
    ['memory', ['memory.limit_in_bytes', 'memory.oom_control']],
    // A root cgroup has no pids.max; its children have.
    ['pids', []],
  ] as const) {
    const path = ownPath(selfCgroup, controller);
    const mount = mounts.find(
      (candidate) => candidate.type === 'cgroup' && candidate.superOptions.includes(controller),
    );
    const own = path !== undefined && mount ? folderOf(mount, path) : undefined;
    if (!own || !writable(own)) return undefined;
    if (!required.every((file) => existsSync(join(own, file)))) return undefined;
    parents.push(join(own, cgroupParentName));
  }
  return { version: 1, memoryParent: parents[0] as string, pidsParent: parents[1] as string };
}

/**
 * Finds where boxes can get their own cgroup (v2 first, then v1), or undefined where neither
 * is available (not root nor delegated, a read-only cgroupfs, not Linux): the runtime then
 * falls back to sampling memory from the host.
 */
export function detectCgroupSupport(facts?: CgroupHostFacts): CgroupSupport | undefined {
  try {
    const { mountInfo, selfCgroup } = facts ?? {
      mountInfo: readFileSync('/proc/self/mountinfo', 'utf8'),
      selfCgroup: readFileSync('/proc/self/cgroup', 'utf8'),
    };
    const mounts = parseMounts(mountInfo);
    return detectVersion2(mounts, selfCgroup) ?? detectVersion1(mounts, selfCgroup);
  } catch {
    return undefined;
  }
}

/** The parent folders of a support, one per hierarchy. */
export function cgroupParents(support: CgroupSupport): string[] {
  return support.version === 2 ? [support.parent] : [support.memoryParent, support.pidsParent];
}

/**
 * Removes box cgroups left by host processes that are gone (a worker killed before it could
 * clean up): their names start with the pid of the process that made them. A cgroup that still
 * holds a process is left alone (rmdir refuses it).
 */
export function removeStaleCgroups(support: CgroupSupport): void {
  for (const parent of cgroupParents(support)) {
    let names: string[];
    try {
      names = readdirSync(parent, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    } catch {
      continue;
    }
    for (const name of names) {
      const owner = /^(\d+)-\d+$/.exec(name)?.[1];
      if (!owner || existsSync(`/proc/${owner}`)) continue;
      try {
        rmdirSync(join(parent, name));
      } catch {
        // still in use, or not ours to remove
      }
    }
  }
}

/**
 * Removes the box cgroups of a process that exited or was killed before it removed them (a
 * worker exits soon after it is asked to): its boxes die with it, shortly after, and rmdir
 * succeeds once a cgroup is empty, so this retries until none is left or `waitMs` has passed.
 */
export async function removeCgroupsOf(pid: number, waitMs = 10_000): Promise<void> {
  const support = detectCgroupSupport();
  if (!support) return;
  const deadline = Date.now() + waitMs;
  for (;;) {
    let left = 0;
    for (const parent of cgroupParents(support)) {
      let names: string[];
      try {
        names = readdirSync(parent).filter((name) => name.startsWith(`${pid}-`));
      } catch {
        continue;
      }
      for (const name of names) {
        try {
          rmdirSync(join(parent, name));
        } catch {
          left++;
        }
      }
    }
    if (!left || Date.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

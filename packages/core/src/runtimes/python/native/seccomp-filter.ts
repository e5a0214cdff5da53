/**
 * A seccomp BPF program for the sandboxed Python (passed to bubblewrap with `--seccomp FD`).
 *
 * It closes what namespaces and rlimits leave open:
 * - memory the host cannot see: `memfd_create` and SysV shared memory / message queues hold
 *   pages outside every process's resident set, so a program could pin gigabytes past its memory
 *   limit (measured: 240 MB in memfds under a 128 MB limit, invisible to RSS);
 * - sockets a program without network does not need: only AF_UNIX (socketpairs for asyncio and
 *   multiprocessing) and AF_NETLINK (the C library asks it which addresses exist) may be
 *   created. AF_VSOCK, for one, reaches a virtual machine's host whatever the network namespace;
 *   and AF_INET/AF_INET6 over the box's loopback would only add the TCP/IP stack's attack
 *   surface and socket buffers that cgroup v1 does not charge to the box;
 * - socket buffers past the host's default: setsockopt SO_SNDBUF, SO_RCVBUF and their FORCE
 *   variants fail with EPERM, so each socket holds about net.core.wmem_default (208 KB) in the
 *   kernel at most, not up to twice net.core.wmem_max (megabytes each);
 * - kernel attack surface an interpreter never needs: io_uring, userfaultfd, bpf,
 *   perf_event_open, keyrings, ptrace, mount and namespace calls, module and kexec loading;
 * - anything in the workspace but regular files and folders: symlink and mknod (FIFOs, device
 *   and socket nodes) fail with EPERM everywhere, so a program cannot leave a link to a host path
 *   for the host's code to trip on (the host refuses them anyway); socket files made by bind()
 *   are kept out of /workspace by Landlock where the kernel has it. link() stays allowed: the C
 *   library's sem_open (every multiprocessing lock) links its semaphore into /dev/shm, and a
 *   hard link cannot cross mounts, so one in /workspace names only another workspace file;
 * - nested user namespaces, also where bubblewrap is too old for `--disable-userns`: `clone`
 *   with CLONE_NEWUSER fails, and `clone3` (whose flags a filter cannot read) answers ENOSYS,
 *   so the C library falls back to `clone` for threads and processes.
 * Other architectures' system calls (i386 on x86_64, x32, arm32 on arm64) kill the process.
 */

type SyscallTable = Record<string, number>;

const x64: SyscallTable = {
  memfd_create: 319,
  memfd_secret: 447,
  shmget: 29,
  shmat: 30,
  shmctl: 31,
  msgget: 68,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  userfaultfd: 323,
  bpf: 321,
  perf_event_open: 298,
  keyctl: 250,
  add_key: 248,
  request_key: 249,
  ptrace: 101,
  process_vm_readv: 310,
  process_vm_writev: 311,
  kexec_load: 246,
  kexec_file_load: 320,
  init_module: 175,
  finit_module: 313,
  delete_module: 176,
  mount: 165,
  umount2: 166,
  pivot_root: 155,
  unshare: 272,
  setns: 308,
  open_tree: 428,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  swapon: 167,
  swapoff: 168,
  reboot: 169,
  acct: 163,
  quotactl: 179,
  syslog: 103,
  open_by_handle_at: 304,
  name_to_handle_at: 303,
  fanotify_init: 300,
  lookup_dcookie: 212,
  symlink: 88,
  symlinkat: 266,
  mknod: 133,
  mknodat: 259,
};
const arm64: SyscallTable = {
  memfd_create: 279,
  memfd_secret: 447,
  shmget: 194,
  shmat: 196,
  shmctl: 195,
  msgget: 186,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  userfaultfd: 282,
  bpf: 280,
  perf_event_open: 241,
  keyctl: 219,
  add_key: 217,
  request_key: 218,
  ptrace: 117,
  process_vm_readv: 270,
  process_vm_writev: 271,
  kexec_load: 104,
  kexec_file_load: 294,
  init_module: 105,
  finit_module: 273,
  delete_module: 106,
  mount: 40,
  umount2: 39,
  pivot_root: 41,
  unshare: 97,
  setns: 268,
  open_tree: 428,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  swapon: 224,
  swapoff: 225,
  reboot: 142,
  acct: 89,
  quotactl: 60,
  syslog: 116,
  open_by_handle_at: 265,
  name_to_handle_at: 264,
  fanotify_init: 262,
  lookup_dcookie: 18,
  symlinkat: 36,
  mknodat: 33,
};

const architectures: Record<
  string,
  {
    audit: number;
    table: SyscallTable;
    socket: number;
    socketpair: number;
    setsockopt: number;
    clone: number;
    clone3: number;
    x32: boolean;
  }
> = {
  x64: {
    audit: 0xc000003e,
    table: x64,
    socket: 41,
    socketpair: 53,
    setsockopt: 54,
    clone: 56,
    clone3: 435,
    x32: true,
  },
  arm64: {
    audit: 0xc00000b7,
    table: arm64,
    socket: 198,
    socketpair: 199,
    setsockopt: 208,
    clone: 220,
    clone3: 435,
    x32: false,
  },
};

const allowedSocketFamilies = [1 /* AF_UNIX */, 16 /* AF_NETLINK */];
const solSocket = 1;
const refusedSocketOptions = [
  7 /* SO_SNDBUF */, 8 /* SO_RCVBUF */, 32 /* SO_SNDBUFFORCE */, 33 /* SO_RCVBUFFORCE */,
];

// BPF opcodes and seccomp return values (linux/filter.h, linux/seccomp.h).
const loadWord = 0x20; // BPF_LD | BPF_W | BPF_ABS
const jumpIfEqual = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const jumpIfAtLeast = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const jumpIfAnyBit = 0x45; // BPF_JMP | BPF_JSET | BPF_K
const cloneNewUser = 0x10000000;
const returnValue = 0x06; // BPF_RET | BPF_K
const allow = 0x7fff0000;
const killProcess = 0x80000000;
const errno = (code: number) => 0x00050000 | code;
const EPERM = 1;
const ENOSYS = 38;
const EAFNOSUPPORT = 97;
const offsetOfNumber = 0;
const offsetOfArch = 4;
const offsetOfFirstArgument = 16; // low 32 bits on little-endian machines
const offsetOfSecondArgument = 24;
const offsetOfThirdArgument = 32;

type Instruction = [code: number, jumpIfTrue: number, jumpIfFalse: number, k: number];

/** The filter for this machine's architecture, or undefined where none is defined. */
export function buildSeccompFilter(arch: string = process.arch): Buffer | undefined {
  const target = architectures[arch];
  if (!target) return undefined;
  const program: Instruction[] = [
    [loadWord, 0, 0, offsetOfArch],
    [jumpIfEqual, 1, 0, target.audit],
    [returnValue, 0, 0, killProcess],
    [loadWord, 0, 0, offsetOfNumber],
  ];
  if (target.x32) {
    program.push([jumpIfAtLeast, 0, 1, 0x40000000], [returnValue, 0, 0, errno(ENOSYS)]);
  }
  for (const number of Object.values(target.table)) {
    program.push([jumpIfEqual, 0, 1, number], [returnValue, 0, 0, errno(EPERM)]);
  }
  program.push([jumpIfEqual, 0, 1, target.clone3], [returnValue, 0, 0, errno(ENOSYS)]);
  program.push(
    [jumpIfEqual, 0, 4, target.clone],
    [loadWord, 0, 0, offsetOfFirstArgument],
    [jumpIfAnyBit, 0, 1, cloneNewUser],
    [returnValue, 0, 0, errno(EPERM)],
    [returnValue, 0, 0, allow],
  );
  for (const number of [target.socket, target.socketpair]) {
    const families = allowedSocketFamilies.length;
    program.push([jumpIfEqual, 0, families + 3, number], [loadWord, 0, 0, offsetOfFirstArgument]);
    allowedSocketFamilies.forEach((family, index) => {
      program.push([jumpIfEqual, families - index, 0, family]);
    });
    program.push([returnValue, 0, 0, errno(EAFNOSUPPORT)], [returnValue, 0, 0, allow]);
  }
  // setsockopt(fd, SOL_SOCKET, one of the buffer sizes, ...) fails with EPERM.
  const options = refusedSocketOptions.length;
  program.push(
    [jumpIfEqual, 0, options + 5, target.setsockopt],
    [loadWord, 0, 0, offsetOfSecondArgument],
    [jumpIfEqual, 0, options + 2, solSocket],
    [loadWord, 0, 0, offsetOfThirdArgument],
  );
  refusedSocketOptions.forEach((option, index) => {
    const last = index === options - 1;
    program.push([jumpIfEqual, options - 1 - index, last ? 1 : 0, option]);
  });
  program.push([returnValue, 0, 0, errno(EPERM)], [returnValue, 0, 0, allow]);
  program.push([returnValue, 0, 0, allow]);

  const bytes = Buffer.alloc(program.length * 8);
  program.forEach(([code, jumpIfTrue, jumpIfFalse, k], index) => {
    bytes.writeUInt16LE(code, index * 8);
    bytes.writeUInt8(jumpIfTrue, index * 8 + 2);
    bytes.writeUInt8(jumpIfFalse, index * 8 + 3);
    bytes.writeUInt32LE(k >>> 0, index * 8 + 4);
  });
  return bytes;
}

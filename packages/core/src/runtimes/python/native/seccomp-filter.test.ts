import { describe, expect, it } from 'vitest';
import { buildSeccompFilter } from './seccomp-filter';

function decode(program: Buffer) {
  const instructions = [];
  for (let offset = 0; offset < program.length; offset += 8) {
    instructions.push({
      code: program.readUInt16LE(offset),
      jt: program.readUInt8(offset + 2),
      jf: program.readUInt8(offset + 3),
      k: program.readUInt32LE(offset + 4),
    });
  }
  return instructions;
}

/** Runs the classic BPF program on a seccomp_data (nr, arch, arguments): what the kernel would return. */
function evaluate(program: Buffer, nr: number, arch: number, ...args: number[]): number {
  const instructions = decode(program);
  let accumulator = 0;
  for (let pc = 0; pc < instructions.length; pc++) {
    const { code, jt, jf, k } = instructions[pc] as {
      code: number;
      jt: number;
      jf: number;
      k: number;
    };
    if (code === 0x20)
      accumulator =
        k === 0
          ? nr
          : k === 4
            ? arch
            : k >= 16 && k % 8 === 0
              ? (args[(k - 16) / 8] ?? 0)
              : Number.NaN;
    else if (code === 0x15) pc += accumulator === k ? jt : jf;
    else if (code === 0x35) pc += accumulator >= k ? jt : jf;
    else if (code === 0x45) pc += (accumulator & k) !== 0 ? jt : jf;
    else if (code === 0x06) return k;
    else throw new Error(`unexpected opcode ${code}`);
  }
  throw new Error('the program fell off its end');
}

const x64 = 0xc000003e;
const allow = 0x7fff0000;
const eperm = 0x00050001;

describe('buildSeccompFilter', () => {
  const program = buildSeccompFilter('x64') as Buffer;

  it('allows ordinary system calls (read, write, mmap, execve, close_range)', () => {
    for (const nr of [0, 1, 9, 59, 436]) expect(evaluate(program, nr, x64)).toBe(allow);
  });

  it('refuses symlink and mknod (and their *at forms) with EPERM; link stays (sem_open needs it)', () => {
    for (const nr of [88, 266, 133, 259]) expect(evaluate(program, nr, x64)).toBe(eperm);
    for (const nr of [86, 265]) expect(evaluate(program, nr, x64)).toBe(allow);
    const arm = buildSeccompFilter('arm64') as Buffer;
    for (const nr of [36, 33]) expect(evaluate(arm, nr, 0xc00000b7)).toBe(eperm);
  });

  it('allows clone for threads and processes but not for new user namespaces; clone3 is ENOSYS', () => {
    const threadFlags = 0x3d0f00; // CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | ...
    expect(evaluate(program, 56, x64, threadFlags)).toBe(allow);
    expect(evaluate(program, 56, x64, 0x11 /* SIGCHLD: fork */)).toBe(allow);
    expect(evaluate(program, 56, x64, 0x10000000 | 0x11)).toBe(eperm);
    expect(evaluate(program, 435, x64)).toBe(0x00050000 | 38);
  });

  it('denies memfd_create, shmget, io_uring_setup, bpf and ptrace with EPERM', () => {
    for (const nr of [319, 29, 425, 321, 101]) expect(evaluate(program, nr, x64)).toBe(eperm);
  });

  it('lets sockets be AF_UNIX or AF_NETLINK only', () => {
    for (const family of [1, 16]) expect(evaluate(program, 41, x64, family)).toBe(allow);
    for (const family of [2, 10, 17, 38, 40])
      expect(evaluate(program, 41, x64, family)).toBe(0x00050000 | 97);
    expect(evaluate(program, 53, x64, 1)).toBe(allow);
    expect(evaluate(program, 53, x64, 40)).toBe(0x00050000 | 97);
  });

  it('refuses setsockopt of SO_SNDBUF, SO_RCVBUF and their FORCE variants only', () => {
    for (const option of [7, 8, 32, 33])
      expect(evaluate(program, 54, x64, 3, 1, option)).toBe(eperm);
    for (const option of [1, 2, 9, 31, 34])
      expect(evaluate(program, 54, x64, 3, 1, option)).toBe(allow);
    expect(evaluate(program, 54, x64, 3, 6 /* SOL_TCP */, 7)).toBe(allow);
    const arm = buildSeccompFilter('arm64') as Buffer;
    expect(evaluate(arm, 208, 0xc00000b7, 3, 1, 7)).toBe(eperm);
  });

  it('kills a process using another architecture’s system calls, and refuses x32 calls', () => {
    expect(evaluate(program, 1, 0x40000003)).toBe(0x80000000);
    expect(evaluate(program, 0x40000000 + 319, x64)).toBe(0x00050000 | 38);
  });

  it('has a filter for arm64 and none for unknown architectures', () => {
    const arm = buildSeccompFilter('arm64') as Buffer;
    expect(evaluate(arm, 279, 0xc00000b7)).toBe(eperm);
    expect(evaluate(arm, 63, 0xc00000b7)).toBe(allow);
    expect(buildSeccompFilter('riscv64')).toBeUndefined();
  });
});

import { readFileSync } from 'node:fs';

const linuxDefault = 212_992;

function readNumber(path: string): number {
  try {
    return Number(readFileSync(path, 'utf8').trim()) || linuxDefault;
  } catch {
    return linuxDefault;
  }
}

/**
 * The default buffer size of a new socket on this host (net.core.wmem_default and
 * rmem_default, the larger), in bytes. Boxes cannot raise it (the seccomp filter refuses
 * SO_SNDBUF and SO_RCVBUF), so a socket holds about this much kernel memory at most — measured
 * up to 1.5 times it with the kernel's per-packet overhead.
 */
export function socketBufferBytes(): number {
  return Math.max(
    readNumber('/proc/sys/net/core/wmem_default'),
    readNumber('/proc/sys/net/core/rmem_default'),
  );
}

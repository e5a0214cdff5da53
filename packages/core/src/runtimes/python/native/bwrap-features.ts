import { spawnSync } from 'node:child_process';

/** Options of bubblewrap that only newer versions have. */
export interface BwrapFeatures {
  /** `--size` for `--tmpfs` (bubblewrap 0.7+): a size-limited /tmp. */
  tmpfsSize: boolean;
  /** `--disable-userns` (0.8+): no nested user namespaces. */
  disableUserns: boolean;
  /** `--clearenv` (0.5+). Without it the sandbox still starts from the empty environment bwrap gets. */
  clearenv: boolean;
}

/**
 * Reads which options this bubblewrap understands from its `--help`. Older versions (Ubuntu
 * 22.04 ships 0.6.1) still run sandboxes: the seccomp filter blocks nested user namespaces
 * instead of `--disable-userns`, and the host's watchdog enforces the /tmp size instead of
 * `--size`.
 */
export function detectBwrapFeatures(bwrapPath: string): BwrapFeatures {
  const help = spawnSync(bwrapPath, ['--help'], { encoding: 'utf8', timeout: 5000, env: {} });
  const text = `${help.stdout ?? ''}${help.stderr ?? ''}`;
  return {
    tmpfsSize: /^\s*--size\b/m.test(text),
    disableUserns: /^\s*--disable-userns\b/m.test(text),
    clearenv: /^\s*--clearenv\b/m.test(text),
  };
}

/** Every feature, as in bubblewrap 0.8 and later. */
export const allBwrapFeatures: BwrapFeatures = {
  tmpfsSize: true,
  disableUserns: true,
  clearenv: true,
};

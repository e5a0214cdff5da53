/** Limits of one workspace (a session's file tree, or a stateless run's). */
export interface WorkspaceLimits {
  /**
   * Most bytes all files of a workspace may hold together. A write that would go past it is
   * refused with `ENOSPC` (nothing of it is written when it comes whole, as from `files.write`).
   * @default 268435456 (256 MB)
   */
  maxBytes?: number;
  /**
   * Most files and folders a workspace may hold.
   * @default 10000
   */
  maxFiles?: number;
  /**
   * Largest single file, in bytes. A larger file is refused whole (`EFBIG`), never truncated.
   * @default 67108864 (64 MB)
   */
  maxFileBytes?: number;
  /**
   * Most folder levels below `/workspace` a path may have.
   * @default 32
   */
  maxDepth?: number;
}

/** {@link WorkspaceLimits} with every default applied. */
export type ResolvedWorkspaceLimits = Required<WorkspaceLimits>;

export const defaultWorkspaceLimits: ResolvedWorkspaceLimits = {
  maxBytes: 256 * 1024 * 1024,
  maxFiles: 10_000,
  maxFileBytes: 64 * 1024 * 1024,
  maxDepth: 32,
};

/** Applies defaults; a non-positive or non-integer value is a misuse and throws `RangeError`. */
export function resolveWorkspaceLimits(limits: WorkspaceLimits = {}): ResolvedWorkspaceLimits {
  const resolved = { ...defaultWorkspaceLimits };
  for (const key of Object.keys(defaultWorkspaceLimits) as Array<keyof WorkspaceLimits>) {
    const value = limits[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(`workspace.${key} must be a positive integer, got ${String(value)}`);
    }
    resolved[key] = value;
  }
  resolved.maxFileBytes = Math.min(resolved.maxFileBytes, resolved.maxBytes);
  return resolved;
}

import { staleBuilds } from '../scripts/stale-builds.mjs';

/**
 * Vitest global setup: integration, adapter and example tests load the packages' dist/, so a run
 * on a build older than its sources would test old code and could pass on it. Refuse, and say
 * how to build (`npm test` and `pnpm test:all` build first on their own).
 */
export default function refuseStaleBuilds(): void {
  const stale = staleBuilds();
  if (stale.length > 0) {
    throw new Error(
      `The build of ${stale.map((name) => `packages/${name}`).join(', ')} is older than its sources: run \`pnpm build\` first (npm test and pnpm test:all build on their own).`,
    );
  }
}

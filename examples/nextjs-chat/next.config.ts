import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The pnpm workspace root: the example imports the packages in ../../packages through symlinks.
const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));

const nextConfig: NextConfig = {
  // The interpreter starts sandbox worker processes from files inside its package (dist/*.js)
  // and loads isolated-vm's native addon: it must run from node_modules, not from a bundle.
  serverExternalPackages: ['@code-interpreter/core', 'isolated-vm'],
  outputFileTracingRoot: workspaceRoot,
  turbopack: { root: workspaceRoot },
};

export default nextConfig;

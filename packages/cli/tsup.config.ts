import { defineConfig } from 'tsup';

export default defineConfig({
  // The `code-interpreter` command: one ESM file with a shebang, dependencies left external.
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node22',
  banner: { js: '#!/usr/bin/env node' },
});

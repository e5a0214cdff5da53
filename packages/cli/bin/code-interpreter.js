#!/usr/bin/env node
// The `code-interpreter` command. A committed file, so package managers link the command even
// before the package is built (in a clone, `pnpm install` runs before `pnpm build`).
import '../dist/cli.js';

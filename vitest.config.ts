import { defineConfig } from 'vitest/config';

// Vitest 4 removed vitest.workspace.ts: the projects live here.
// `unit` tests are pure and fast; `integration` tests start real isolates, processes, servers or browsers.
export default defineConfig({
  test: {
    // Tests load dist/: refuse to run on a build older than its sources.
    globalSetup: ['./test/fresh-build-setup.ts'],
    projects: [
      {
        test: {
          name: 'core:unit',
          root: './packages/core',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'core:integration',
          root: './packages/core',
          include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'adapters',
          include: ['packages/{ai-sdk,langchain,mcp,cli,remote}/src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // Type tests (*.test-d.ts): the public types checked against the installed frameworks.
          name: 'types',
          include: [],
          typecheck: {
            enabled: true,
            only: true,
            include: ['packages/*/src/**/*.test-d.ts'],
            tsconfig: './tsconfig.typecheck.json',
          },
        },
      },
      {
        test: {
          name: 'examples',
          include: ['examples/*/test/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'publishing',
          include: ['test/publishing/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'deploy',
          include: ['test/deploy/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'load',
          include: ['test/load/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

import type { RunCode } from './interpreter-fixture';

/**
 * A co-tenant's run, started `delayMs` after the hostile run it shares a worker with: the tests
 * of the hostile-tenants issue assert that it answers in its own time. Returns its result and how
 * long it took.
 */
export async function coTenantRun(
  run: RunCode,
  { language, code, delayMs }: { language: 'javascript' | 'python'; code: string; delayMs: number },
): Promise<{ result: Awaited<ReturnType<RunCode>>; ms: number }> {
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const started = performance.now();
  const result = await run(language, code, { timeout: 2_000 });
  return { result, ms: performance.now() - started };
}

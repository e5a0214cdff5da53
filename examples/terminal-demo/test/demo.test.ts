import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const demo = fileURLToPath(new URL('../demo.mjs', import.meta.url));
const chartFolder = mkdtempSync(join(tmpdir(), 'demo-test-'));

/**
 * Runs the demo as `npm run demo` would, with no model keys: the scripted model plays. `python`
 * forces a Python runtime: the test machine has what native Python needs (the test set-up
 * installs bubblewrap and python3-matplotlib), so the main run demands it rather than accepting
 * the Pyodide fallback.
 */
function runDemo(
  python: 'native' | 'pyodide' = 'native',
): Promise<{ code: number | null; output: string; ms: number }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    DEMO_OUTPUT_DIR: chartFolder,
    CODE_INTERPRETER_PYTHON: python,
  };
  for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'DEMO_PROVIDER']) delete env[name];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [demo], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output, ms: performance.now() - started }));
  });
}

let run: Awaited<ReturnType<typeof runDemo>>;
beforeAll(async () => {
  run = await runDemo();
  console.log(`terminal demo ran in ${Math.round(run.ms)} ms`);
});
afterAll(() => rmSync(chartFolder, { recursive: true, force: true }));

/** The block of output printed for run `n` (its code, output and outcome). */
function runBlock(n: number): string {
  const start = run.output.indexOf(`── run ${n} ·`);
  if (start === -1) throw new Error(`run ${n} is missing from the output:\n${run.output}`);
  const end = run.output.indexOf('\n── ', start + 1);
  return run.output.slice(start, end === -1 ? undefined : end);
}

describe('the terminal demo (npm run demo)', () => {
  it('runs offline with the scripted model and exits cleanly', () => {
    expect(run.output).toContain('scripted demo model');
    expect(run.code, run.output).toBe(0);
  });

  it('transforms the data in TypeScript, then reuses its variables from JavaScript (one session)', () => {
    const transform = runBlock(1);
    expect(transform).toContain('run 1 · TypeScript');
    expect(transform).toMatch(/│ 5\s+│ '2025-06' │ 311\s+│ 45250\s+│/);
    expect(transform).toContain('=> 224260');
    expect(transform).toContain('✓ done');

    const growth = runBlock(2);
    expect(growth).toContain('run 2 · JavaScript');
    expect(growth).toContain('2025-02  +14.9%');
    expect(growth).toContain("=> '[29200,33550,34600,39020,42640,45250]'");
  });

  it('hits an error in Python, reads its line, and recovers with statistics and a forecast', () => {
    const mistake = runBlock(3);
    expect(mistake).toContain('run 3 · Python');
    expect(mistake).toMatch(/✗ NameError at line 4: name 'monthly' is not defined/);

    const statistics = runBlock(4);
    expect(statistics).toMatch(/mean\s+37,377/);
    expect(statistics).toMatch(/trend\s+\+3,198 per month \(r = 0\.99\d\)/);

    const forecast = runBlock(5);
    expect(forecast).toContain('forecast for 2025-07: 48,571');
    expect(forecast).toContain('=> 48571');
  });

  it('runs Python natively here and saves the chart it draws as a PNG', () => {
    expect(run.output).toMatch(/python\s+native CPython under bubblewrap/);
    const saved = run.output.match(/chart saved to (.+\.png)/)?.[1];
    expect(saved, run.output).toBeDefined();
    const png = readFileSync(saved as string);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(5_000);
  });

  it('with Pyodide instead, finishes the analysis and says why there is no chart', async () => {
    const pyodide = await runDemo('pyodide');
    expect(pyodide.code, pyodide.output).toBe(0);
    expect(pyodide.output).toMatch(/python\s+Pyodide/);
    expect(pyodide.output).toContain('No chart: charts need the native Python runtime');
    expect(pyodide.output).not.toMatch(/chart saved to/);
  }, 300_000);

  it('hits a timeout, and recovers with a smaller computation', () => {
    const timeout = runBlock(6);
    expect(timeout).toContain('time limit 1500 ms');
    expect(timeout).toMatch(/⏱ timed out: Execution timed out after 1500 ms/);
    expect(timeout).toContain('The session was reset');

    const recovery = runBlock(7);
    expect(recovery).toContain('mean growth 9.2% per month');
    expect(recovery).toMatch(/=> '90% interval: \d+\.\d% to \d+\.\d%'/);
  });

  it('answers with the numbers the code computed, and prints timings', () => {
    const answer = run.output.slice(run.output.indexOf('── answer'));
    expect(answer).toContain('Revenue over the six months: 224,260');
    expect(answer).toContain('Forecast for July: about 48,571');
    expect(answer).toMatch(
      /8 model steps, 7 runs · sandbox [\d.]+ m?s, model [\d.]+ m?s, total [\d.]+ m?s/,
    );
  });
});

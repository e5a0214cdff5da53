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

  it('writes the data into the session workspace as sales.csv instead of pasting it into the prompt', () => {
    expect(run.output).toMatch(
      /data\s+\/workspace\/sales\.csv \(313 B, text\/csv\), written with session\.files\.write/,
    );
    const request = run.output.slice(run.output.indexOf('── you'), run.output.indexOf('── run 1'));
    expect(request).toContain('sales.csv, in your working directory, holds six months of sales');
    expect(request).not.toContain('2025-01,north');
  });

  it('transforms the file in TypeScript, then reuses its variables from JavaScript (one session)', () => {
    const transform = runBlock(1);
    expect(transform).toContain('run 1 · TypeScript');
    expect(transform).toContain("readFileSync('sales.csv', 'utf8')");
    expect(transform).toContain('+ created /workspace/monthly.csv (128 B, text/csv)');
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
    // Variables do not cross languages, files do: Python reads what TypeScript wrote.
    expect(statistics).toContain('with open("monthly.csv") as file:');
    expect(statistics).not.toContain('created');
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
    expect(runBlock(5)).toMatch(/\+ created \/workspace\/forecast\.png \(\d+\.\d KB, image\/png\)/);
  });

  it('saves the files the programs wrote, read back with session.files.read', () => {
    const saved = Object.fromEntries(
      [...run.output.matchAll(/file: {2}\/workspace\/(\S+) saved to (.+)/g)].map((match) => [
        match[1],
        match[2],
      ]),
    );
    expect(Object.keys(saved).sort()).toEqual(['forecast.png', 'monthly.csv']);
    expect(readFileSync(saved['monthly.csv'] as string, 'utf8')).toBe(
      'month,units,revenue\n2025-01,200,29200\n2025-02,230,33550\n2025-03,238,34600\n' +
        '2025-04,268,39020\n2025-05,293,42640\n2025-06,311,45250\n',
    );
    const png = readFileSync(saved['forecast.png'] as string);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('with Pyodide instead, finishes the analysis and says why there is no chart', async () => {
    const pyodide = await runDemo('pyodide');
    expect(pyodide.code, pyodide.output).toBe(0);
    expect(pyodide.output).toMatch(/python\s+Pyodide/);
    expect(pyodide.output).toContain('No chart: charts need the native Python runtime');
    expect(pyodide.output).not.toMatch(/chart saved to/);
    // Pyodide reads the workspace too: the statistics come from monthly.csv.
    expect(pyodide.output).toMatch(/trend\s+\+3,198 per month/);
    expect(pyodide.output).toMatch(/file: {2}\/workspace\/monthly\.csv saved to/);
    expect(pyodide.output).not.toContain('forecast.png');
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
    expect(answer).toContain('Files written: /workspace/monthly.csv, /workspace/forecast.png.');
    expect(answer).toMatch(
      /8 model steps, 7 runs · sandbox [\d.]+ m?s, model [\d.]+ m?s, total [\d.]+ m?s/,
    );
  });
});

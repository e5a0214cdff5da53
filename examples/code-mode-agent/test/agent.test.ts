import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const agentScript = fileURLToPath(new URL('../agent.mjs', import.meta.url));

interface AgentRun {
  name: string;
  mode: 'code-mode' | 'batched' | 'one-per-turn';
  steps: number;
  modelToolCalls: number;
  applicationToolCalls: number;
  inputTokens: number;
  outputTokens: number;
  answer: string;
}

/** Runs `node agent.mjs [args]` with no model keys: the scripted models play. */
function runAgent(args: string[]): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'AGENT_PROVIDER']) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [agentScript, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

let printed: Awaited<ReturnType<typeof runAgent>>;
let report: { truth: string[]; agree: boolean; runs: AgentRun[] };
beforeAll(async () => {
  const [json, text] = [await runAgent(['--json']), await runAgent([])];
  expect(json.code, json.output).toBe(0);
  report = JSON.parse(json.output.trim().split('\n').at(-1) ?? '');
  printed = text;
});

const run = (mode: AgentRun['mode']) => {
  const found = report.runs.find((candidate) => candidate.mode === mode);
  if (!found) throw new Error(`no ${mode} run in ${JSON.stringify(report)}`);
  return found;
};
const idsIn = (answer: string) => [...new Set(answer.match(/\bW\d{2}\b/g))].sort();

describe('the code mode agent example', () => {
  it('gives the same answer with code mode and with direct tool calls: the data says W07, W18, W26', () => {
    expect(report.truth).toEqual(['W07', 'W18', 'W26']);
    expect(report.runs.map((r) => r.mode)).toEqual(['code-mode', 'batched', 'one-per-turn']);
    for (const r of report.runs) {
      expect(idsIn(r.answer), r.name).toEqual(report.truth);
      expect(r.answer).toContain('W18 (Lille): 27 on hand, reorder point 50');
    }
    expect(report.agree).toBe(true);
  });

  it('makes the 31 tool calls from one program in code mode, and one model tool call each otherwise', () => {
    expect(run('code-mode').modelToolCalls).toBe(1);
    expect(run('batched').modelToolCalls).toBe(31);
    expect(run('one-per-turn').modelToolCalls).toBe(31);
    for (const r of report.runs) expect(r.applicationToolCalls, r.name).toBe(31);
  });

  it('takes fewer model turns and fewer tokens in code mode', () => {
    const codeMode = run('code-mode');
    expect(codeMode.steps).toBe(2);
    expect(run('batched').steps).toBe(3);
    expect(run('one-per-turn').steps).toBe(32);
    for (const mode of ['batched', 'one-per-turn'] as const) {
      expect(codeMode.inputTokens).toBeLessThan(run(mode).inputTokens);
      expect(codeMode.outputTokens).toBeLessThan(run(mode).outputTokens);
    }
    // Input tokens grow with the conversation: every turn re-reads all the results before it.
    expect(run('one-per-turn').inputTokens).toBeGreaterThan(10 * run('batched').inputTokens);
  });

  it('prints each answer and a summary table, and exits cleanly', () => {
    expect(printed.code, printed.output).toBe(0);
    expect(printed.output).toContain('scripted (MockLanguageModelV4 from ai/test');
    expect(printed.output).toMatch(/A: code mode \(one runCode tool\)\s+2\s+1\s+31\s+\d+\s+\d+/);
    expect(printed.output).toMatch(/B: direct, one tool call per turn\s+32\s+31\s+31\s+\d+\s+\d+/);
    expect(printed.output).toContain('✓ every run found the same warehouses: W07, W18, W26');
  });
});

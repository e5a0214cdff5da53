import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const agentScript = fileURLToPath(new URL('../agent.mjs', import.meta.url));

/** Runs `node agent.mjs` with no model keys: the scripted model (fakeModel) plays. */
function runAgent(): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of [
    'OPENAI_API_KEY',
    'ANTHROPIC_API_KEY',
    'AGENT_PROVIDER',
    'CODE_INTERPRETER_PYTHON',
  ]) {
    delete env[name];
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [agentScript], {
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

let run: Awaited<ReturnType<typeof runAgent>>;
beforeAll(async () => {
  run = await runAgent();
});

/** What the agent printed for tool call `n`: its code, output and result. */
function toolCall(n: number): string {
  const start = run.output.indexOf(`▶ run_code #${n} `);
  if (start === -1) throw new Error(`tool call ${n} is missing from the output:\n${run.output}`);
  const next = run.output.slice(start + 1).search(/\n(model|answer) /);
  return run.output.slice(start, next === -1 ? undefined : start + 1 + next);
}

describe('the LangChain agent example', () => {
  it('runs offline with the scripted model and exits cleanly', () => {
    expect(run.output).toContain('scripted demo model');
    expect(run.code, run.output).toBe(0);
  });

  it('prints each tool call with its code and what came back', () => {
    const first = toolCall(1);
    expect(first).toContain('(python)');
    expect(first).toContain('2 │ fib = [0, 1]');
    expect(first).toContain('┃ [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377]');
    expect(first).toContain('=> 986');
    expect(first).toContain('✓ done');
  });

  it('shows the error with its line, and the fixed run that reuses the session', () => {
    expect(toolCall(2)).toContain("✗ NameError at line 2: name 'is_prime' is not defined");
    const fixed = toolCall(3);
    expect(fixed).toContain('def is_prime(n):');
    expect(fixed).toContain('=> [2, 3, 5, 13, 89, 233]');
  });

  it('answers with the computed numbers', () => {
    expect(run.output).toContain(
      'answer  The first 15 Fibonacci numbers sum to 986. The primes among them: [2, 3, 5, 13, 89, 233].',
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { SandboxToolBridge, ToolAnswer } from './sandbox-tool-bridge';
import { SandboxToolCalls } from './sandbox-tool-calls';

function bridge() {
  const settle: Array<(answer: ToolAnswer) => void> = [];
  const value: SandboxToolBridge = {
    names: ['a'],
    network: false,
    call: () => new Promise((resolve) => settle.push(resolve)),
  };
  return { value, settle };
}

describe('SandboxToolCalls', () => {
  it('gives ids, counts calls in flight and hands answers over once, waking the driver', async () => {
    const { value, settle } = bridge();
    const calls = new SandboxToolCalls(value);
    expect(calls.start('a', '{}')).toBe(1);
    expect(calls.start('a', '{}')).toBe(2);
    expect(calls.pending).toBe(2);
    let woken = 0;
    calls.onArrival = () => woken++;
    settle[1]?.({ ok: false, message: 'no' });
    await Promise.resolve();
    expect(woken).toBe(1);
    expect(calls.pending).toBe(1);
    expect(calls.take()).toEqual([[2, 0, 'no']]);
    expect(calls.take()).toEqual([]);
    settle[0]?.({ ok: true, json: '1' });
    await Promise.resolve();
    expect(calls.take()).toEqual([[1, 1, '1']]);
  });

  it('refuses calls without tools, of a run that ended, or with input that is not text', async () => {
    expect(new SandboxToolCalls(undefined).start('a', '{}')).toMatch(/run that made it has ended/);
    const { value, settle } = bridge();
    const calls = new SandboxToolCalls(value);
    expect(calls.start('a', 5)).toBe('A tool call needs a name and JSON input.');
    calls.start('a', '{}');
    calls.close();
    settle[0]?.({ ok: true, json: '1' });
    await Promise.resolve();
    expect(calls.hasAnswers).toBe(false);
    expect(calls.start('a', '{}')).toMatch(/has ended/);
  });
});

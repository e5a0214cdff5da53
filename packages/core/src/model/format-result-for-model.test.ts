import { describe, expect, it } from 'vitest';
import type { ExecutionResult } from '../result/execution-result';
import { formatResultForModel } from './format-result-for-model';

function result(overrides: Partial<ExecutionResult>): ExecutionResult {
  return {
    success: true,
    executionTime: 3,
    language: 'python',
    stdout: '',
    stderr: '',
    timedOut: false,
    truncated: false,
    images: [],
    ...overrides,
  };
}

describe('formatResultForModel', () => {
  it('gives the output of a successful run as is', () => {
    expect(formatResultForModel(result({ output: '42\n', stdout: '42\n' }))).toBe('42');
  });

  it('says there was no output instead of sending an empty string', () => {
    expect(formatResultForModel(result({ output: '' }))).toMatch(/no output/);
  });

  it('names the error, its line and the traceback after the output printed before it', () => {
    const text = formatResultForModel(
      result({
        success: false,
        output: 'before\n',
        error: 'ZeroDivisionError: division by zero',
        errorInfo: {
          name: 'ZeroDivisionError',
          message: 'division by zero',
          line: 2,
          stack:
            'Traceback (most recent call last):\n  File "<code>", line 2\nZeroDivisionError: division by zero',
        },
      }),
    );
    expect(text).toBe(
      'before\nError: ZeroDivisionError: division by zero (line 2)\nTraceback (most recent call last):\n  File "<code>", line 2',
    );
  });

  it('says a JavaScript error once, then where it happened', () => {
    const text = formatResultForModel(
      result({
        success: false,
        error: "TypeError: Cannot read properties of null (reading 'x') (line 2)",
        errorInfo: {
          name: 'TypeError',
          message: "Cannot read properties of null (reading 'x')",
          line: 2,
          stack: "TypeError: Cannot read properties of null (reading 'x')\n    at cell.js:2:3",
        },
      }),
    );
    expect(text).toBe(
      "Error: TypeError: Cannot read properties of null (reading 'x') (line 2)\n    at cell.js:2:3",
    );
  });

  it('does not repeat the line when the error message already names it', () => {
    const text = formatResultForModel(
      result({
        success: false,
        error: 'TypeError: x is not a function (line 3)',
        errorInfo: { name: 'TypeError', message: 'x is not a function', line: 3 },
      }),
    );
    expect(text).toBe('Error: TypeError: x is not a function (line 3)');
  });

  it('says a run timed out after its limit', () => {
    const text = formatResultForModel(
      result({ success: false, timedOut: true, executionTime: 1012, error: 'TimeoutError' }),
      { timeoutMs: 1000 },
    );
    expect(text).toMatch(/^Timed out after 1000 ms/);
  });

  it('notes truncation and attached images', () => {
    const text = formatResultForModel(
      result({ output: 'x', truncated: true, images: [{ mediaType: 'image/png', data: 'AA==' }] }),
    );
    expect(text).toContain('the middle was cut');
    expect(text).toContain('[1 image attached]');
  });

  it('cuts a very long stack', () => {
    const text = formatResultForModel(
      result({
        success: false,
        error: 'RangeError: deep',
        errorInfo: { name: 'RangeError', message: 'deep', stack: 'at f\n'.repeat(2000) },
      }),
      { maxStackChars: 100 },
    );
    expect(text.length).toBeLessThan(200);
    expect(text).toContain('[stack cut]');
  });

  it('says first when a session run found its state gone', () => {
    const text = formatResultForModel(
      result({
        success: false,
        error: "NameError: name 'df' is not defined (line 1)",
        errorInfo: { name: 'NameError', message: "name 'df' is not defined", line: 1 },
        sessionReset: { when: 'before-this-run', message: 'The sandbox process stopped.' },
      }),
    );
    expect(text.split('\n')[0]).toBe('[Session reset: The sandbox process stopped.]');
    expect(text).toContain("NameError: name 'df' is not defined (line 1)");
  });

  it('stays linear over output the program shaped against it', () => {
    // `/\n+$/` took 7 s on this output, in the application's own process.
    const stdout = `${'\n'.repeat(100_000)}x\n\n`;
    const started = performance.now();
    const text = formatResultForModel(result({ output: stdout, stdout }));
    expect(performance.now() - started).toBeLessThan(500);
    expect(text.endsWith('x')).toBe(true);
  });

  it('says a session was reset by a run that timed out', () => {
    const text = formatResultForModel(
      result({
        success: false,
        timedOut: true,
        executionTime: 1000,
        errorInfo: {
          name: 'TimeoutError',
          message:
            'Execution timed out. The session was reset: variables from earlier runs are gone.',
        },
        sessionReset: { when: 'this-run', message: "This run stopped the session's sandbox." },
      }),
    );
    expect(text).toMatch(/Timed out after 1000 ms/);
    expect(text).toContain("[Session reset: This run stopped the session's sandbox.]");
  });

  it('ends with a summary of the tool calls a code-mode run made, failures quoted', () => {
    const text = formatResultForModel(
      result({
        success: false,
        output: 'total 600\n',
        error: "ToolError: Unknown item 'kiwi' (line 3)",
        errorInfo: { name: 'ToolError', message: "Unknown item 'kiwi'", line: 3 },
        files: [
          { path: '/workspace/prices.csv', change: 'created', size: 20, mediaType: 'text/csv' },
        ],
        toolCalls: [
          { id: 't1', name: 'get_price', input: { item: 'pear' }, output: 300, ms: 1 },
          {
            id: 't2',
            name: 'get_price',
            input: { item: 'kiwi' },
            error: "Unknown item 'kiwi'",
            ms: 1,
          },
        ],
      }),
    );
    expect(text).toBe(
      [
        'total 600',
        "Error: ToolError: Unknown item 'kiwi' (line 3)",
        '[Files: created /workspace/prices.csv (20 B)]',
        "[2 tool calls: get_price ×2; 1 failed: get_price: Unknown item 'kiwi']",
      ].join('\n'),
    );
  });

  it('still says there was no output when the program only called tools', () => {
    const text = formatResultForModel(
      result({
        output: '',
        toolCalls: [{ id: 't1', name: 'log_event', input: {}, output: null, ms: 1 }],
      }),
    );
    expect(text).toBe(
      '(no output: print values or end with an expression to see a result)\n[1 tool call: log_event ×1]',
    );
  });

  it('adds nothing for a run with tools that called none', () => {
    expect(formatResultForModel(result({ output: '42', toolCalls: [] }))).toBe('42');
  });
});

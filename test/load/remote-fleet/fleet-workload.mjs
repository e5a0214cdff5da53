// The fleet test's workload, shared by its client processes: run `n` of client `client` is a
// stateless run, a hostile run (10%) or a step of a session, each with the exact outcome expected.

/** Hostile programs, each with a deadline, and what their result must say. */
const hostile = [
  {
    input: { language: 'javascript', code: 'while (true) {}', timeout: 250 },
    expect: { success: false, timedOut: true, errorName: 'TimeoutError' },
  },
  {
    input: {
      language: 'javascript',
      code: 'const a = []; while (true) a.push(new Array(1e7).fill(1))',
      memoryLimit: 32,
      timeout: 10000,
    },
    // Stopped at its memory limit; V8 may end the whole sandbox process on the way (DESIGN: why a
    // separate process); on a starved machine the deadline can come first.
    expect: {
      success: false,
      errorName: ['MemoryLimitError', 'SandboxCrashedError', 'TimeoutError'],
    },
  },
  {
    // Half a million characters before the loop: beyond the output cap however slow the machine.
    input: {
      language: 'javascript',
      code: 'for (let i = 0; i < 50; i++) console.log("x".repeat(10000));\nfor (;;) console.log("x".repeat(1000))',
      timeout: 250,
    },
    // Bounded: at most the output cap (100,000 characters) comes back, cut or not (a sandbox
    // process killed at the deadline on a starved machine returns less).
    expect: { success: false, timedOut: true, boundedOutput: true, errorName: 'TimeoutError' },
  },
  {
    input: { language: 'python', code: 'while True:\n    pass', timeout: 250 },
    expect: { success: false, timedOut: true, errorName: 'TimeoutError' },
  },
];

/** What run `n` is: `{ kind: 'session' }`, or a stateless input with the check of its result. */
export function workItem(client, n) {
  if (n % 5 === 4) return { kind: 'session' };
  if (n % 10 === 3) {
    const { input, expect } = hostile[((n / 10) % hostile.length) | 0];
    return { kind: 'hostile', input, check: (result) => checkHostile(result, expect) };
  }
  const k = client * 100_000 + n;
  if (n % 6 === 5) {
    return {
      kind: 'python',
      input: { language: 'python', code: `x = ${k}\nprint(x * 3, 'py')` },
      check: (result) => same(result.stdout, `${k * 3} py\n`),
    };
  }
  if (n % 2 === 1) {
    return {
      kind: 'typescript',
      input: { language: 'typescript', code: `const k: number = ${k};\nconsole.log(k + 7, 'ts')` },
      check: (result) => same(result.stdout, `${k + 7} ts\n`),
    };
  }
  return {
    kind: 'javascript',
    input: { language: 'javascript', code: `console.log(${k} * 2, 'js'); ${k} % 97` },
    check: (result) => same(`${result.stdout}|${result.value}`, `${k * 2} js\n|${k % 97}`),
  };
}

/** A session's step: add `n` to the session's running sum and print it. */
export function sessionStep(language, n) {
  if (language === 'python') {
    return { language, code: `acc = globals().get('acc', 0) + ${n}\nprint(acc)` };
  }
  return { language, code: `globalThis.acc = (globalThis.acc ?? 0) + ${n};\nconsole.log(acc)` };
}

function same(actual, expected) {
  return actual === expected
    ? undefined
    : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

function checkHostile(result, expected) {
  const actual = {
    success: result.success,
    ...(expected.timedOut === undefined ? {} : { timedOut: result.timedOut }),
    ...(expected.boundedOutput === undefined
      ? {}
      : { boundedOutput: result.stdout.length <= 100_200 && result.output.length <= 100_400 }),
    errorName: result.errorInfo?.name,
  };
  if (Array.isArray(expected.errorName) && expected.errorName.includes(actual.errorName)) {
    actual.errorName = expected.errorName;
  }
  return same(JSON.stringify(actual), JSON.stringify(expected));
}

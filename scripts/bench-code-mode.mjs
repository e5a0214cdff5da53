// pnpm bench, code-mode section: sandboxed programs calling the application's tools (issue 10), next
// to @ai-sdk/code-mode (QuickJS in a worker thread) on the same tool set and the same program.
// The tool is a trivial in-process function, so the numbers measure the bridge: per-program
// latency, per-call overhead and cold start. Imported by bench.mjs; not a test.
import { execFile, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';

const execFileAsync = promisify(execFile);
const requireRoot = createRequire(new URL('../package.json', import.meta.url));
const requireAiSdk = createRequire(new URL('../packages/ai-sdk/package.json', import.meta.url));
const coreUrl = new URL('../packages/core/dist/index.js', import.meta.url).href;
const aiSdkUrl = new URL('../packages/ai-sdk/dist/index.js', import.meta.url).href;
const zodUrl = pathToFileURL(requireAiSdk.resolve('zod')).href;

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * The tool set every row uses, as source text so that a fresh Node process (cold start) builds
 * exactly the same one: `get_inventory({ sku: 'SKU-<n>' })` answers `{ sku, units: n }`, checked
 * against a Zod schema (Standard Schema for us, `asSchema` for @ai-sdk/code-mode).
 */
const toolSetSource = `
const { z } = await import(${JSON.stringify(zodUrl)});
let calls = 0;
const tools = {
  get_inventory: {
    description: 'Units in stock of one SKU.',
    inputSchema: z.object({ sku: z.string() }),
    execute: async ({ sku }) => {
      calls++;
      return { sku, units: Number(sku.slice(4)) };
    },
  },
};
`;

/** The program's body: `count` sequential calls, summing `units` (0 + 1 + ... + count-1). */
const loop = (count) =>
  `let total = 0;\nfor (let i = 0; i < ${count}; i++) {\n  const item = await tools.get_inventory({ sku: 'SKU-' + i });\n  total += item.units;\n}\n`;
/** Ours answers the last expression; @ai-sdk/code-mode runs a function body (`return`). */
const oursProgram = (count) => `${loop(count)}total`;
const codeModeProgram = (count) => `${loop(count)}return total;`;
const pythonProgram = (count) =>
  `total = 0\nfor i in range(${count}):\n    item = await tools.get_inventory(sku=f"SKU-{i}")\n    total += item["units"]\ntotal`;
const isStatelessPyodide = (name) => name.includes('Pyodide') && name.includes('stateless');
const expectedSum = (count) => (count * (count - 1)) / 2;

/** Builds the tool set in this process; `calls()` counts the calls its execute answered. */
async function makeToolSet() {
  // The same source the child processes run, so both build exactly the same tools.
  const build = new Function(
    `return (async () => { ${toolSetSource} return { tools, calls: () => calls }; })();`,
  );
  return build();
}

/**
 * Runs `fn` `count` times in a plain loop with one clock around it (no harness): the mean, to
 * check the harness's p50 of the same function against.
 */
async function directMeanMs(fn, count) {
  const start = performance.now();
  for (let i = 0; i < count; i++) await fn();
  return (performance.now() - start) / count;
}

/**
 * The bare transports under the two bridges, as floors: a message of a tool call's size to a
 * child process over Node's IPC channel (JSON) and back, and to a worker thread and back.
 * `roundTrips(count)` makes `count` of them one after the other.
 */
function transportFloors() {
  const message = (id) => ({
    kind: 'tool-call',
    runId: 1,
    callId: id,
    name: 'get_inventory',
    input: '{"sku":"SKU-7"}',
  });
  const echo = 'process.on("message", (m) => process.send(m))';
  const child = spawn(process.execPath, ['-e', echo], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const worker = new Worker(
    'const { parentPort } = require("node:worker_threads"); parentPort.on("message", (m) => parentPort.postMessage(m));',
    { eval: true },
  );
  const over = (send, target) => async (count) => {
    for (let id = 0; id < count; id++) {
      await new Promise((resolve) => {
        target.once('message', resolve);
        send(message(id));
      });
    }
  };
  return {
    process: over((m) => child.send(m), child),
    thread: over((m) => worker.postMessage(m), worker),
    close: async () => {
      child.kill();
      await worker.terminate();
    },
  };
}

/** Start of a fresh Node process to first program result, timed inside the child. */
async function coldStartMs(body, count) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const source = `${toolSetSource}\nconst start = performance.now();\n${body}\nconsole.log(JSON.stringify({ ms: performance.now() - start, calls }));\nprocess.exit(0);`;
    const { stdout } = await execFileAsync(
      process.execPath,
      ['--input-type=module', '-e', source],
      {
        cwd: new URL('..', import.meta.url),
        timeout: 120_000,
      },
    );
    const { ms, calls } = JSON.parse(stdout.trim().split('\n').at(-1));
    if (calls !== 30) throw new Error(`cold start made ${calls} tool calls, not 30`);
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), n: times.length };
}

export async function measureCodeMode({
  createCodeInterpreter,
  measure,
  table,
  note,
  quick,
  sections,
}) {
  let codeMode;
  try {
    codeMode = await import(requireRoot.resolve('@ai-sdk/code-mode'));
  } catch (error) {
    note(`Code mode: @ai-sdk/code-mode is not installed (${error.message}); section skipped.`);
    return;
  }
  const { run } = await import(
    createRequire(requireRoot.resolve('@ai-sdk/code-mode')).resolve('run')
  );
  const { tools, calls } = await makeToolSet();
  const codeModeTool = codeMode.experimental_createCodeModeTool(tools);
  const toolOptions = { toolCallId: 'bench', messages: [] };

  /** Each function runs one program of `count` calls and checks its sum and call count. */
  const checked = (label, count, runProgram) => async () => {
    const before = calls();
    const value = await runProgram(count);
    if (String(value) !== String(expectedSum(count)) || calls() - before !== count)
      throw new Error(`${label}: ${JSON.stringify(value)} after ${calls() - before} calls`);
  };
  const interpreter = createCodeInterpreter({ languages: ['javascript'] });
  const oursRun = (count) => async () => {
    const result = await interpreter.run(
      { language: 'javascript', code: oursProgram(count) },
      { tools },
    );
    if (!result.success) throw new Error(JSON.stringify(result.errorInfo));
    return result.value;
  };
  const session = interpreter.createSession({ tools });
  const oursSession = (count) => async () => {
    const result = await session.run({ language: 'javascript', code: oursProgram(count) });
    if (!result.success) throw new Error(JSON.stringify(result.errorInfo));
    return result.value;
  };
  // Ours as an AI SDK tool, like for like with code-mode's tool (when ai-sdk exports it).
  const oursAiSdk = await import(aiSdkUrl).catch(() => ({}));
  const oursTool = oursAiSdk.createCodeModeTool?.({ tools, languages: ['javascript'] });
  const oursToolRun = (count) => async () => {
    let last;
    for await (const output of oursTool.execute(
      { language: 'javascript', code: oursProgram(count) },
      toolOptions,
    ))
      last = output;
    if (!last.success) throw new Error(JSON.stringify(last.errorInfo));
    return last.value;
  };
  const codeModeRun = (count) => () =>
    codeModeTool.execute({ js: codeModeProgram(count) }, toolOptions);
  // code-mode's engine with the same function as a host function: no schema check, no JSON
  // payload checks, no tool lookup. A floor for what code-mode adds over its engine.
  const engineRun = (count) => async () => {
    const result = await run({
      source: codeModeProgram(count),
      hostFunctions: { tools: { get_inventory: (input) => tools.get_inventory.execute(input) } },
    });
    if (result.status !== 'completed') throw new Error(JSON.stringify(result));
    return result.value;
  };

  // Python (Pyodide), when tool calls work there in this build.
  let python;
  const pythonInterpreter = createCodeInterpreter({ languages: ['python'], python: 'pyodide' });
  const probe = await pythonInterpreter
    .run({ language: 'python', code: pythonProgram(1) }, { tools })
    .catch((error) => ({ success: false, error: error.message }));
  if (probe.success && probe.toolCalls?.length === 1) {
    const pythonSession = pythonInterpreter.createSession({ tools });
    python = {
      run: (count) => async () => {
        const result = await pythonInterpreter.run(
          { language: 'python', code: pythonProgram(count) },
          { tools },
        );
        if (!result.success) throw new Error(JSON.stringify(result.errorInfo));
        return result.value;
      },
      session: (count) => async () => {
        const result = await pythonSession.run({ language: 'python', code: pythonProgram(count) });
        if (!result.success) throw new Error(JSON.stringify(result.errorInfo));
        return result.value;
      },
      close: () => pythonSession.close(),
    };
  } else {
    await pythonInterpreter.close();
    note(
      `Code mode, Python (Pyodide): not measured; \`await tools.get_inventory(sku=...)\` does not work in this build yet (${probe.error ?? probe.errorInfo?.message ?? 'no tool call recorded'}).`,
    );
  }

  const implementations = [
    ['ours: interpreter.run, stateless, tools on the run (worker process, V8 isolate)', oursRun],
    ['ours: session.run, tools on the session', oursSession],
    ...(oursTool
      ? [['ours: @code-interpreter/ai-sdk createCodeModeTool(tools).execute', oursToolRun]]
      : []),
    [
      '@ai-sdk/code-mode 1.0.42: createCodeModeTool(tools).execute (QuickJS, worker thread)',
      codeModeRun,
    ],
    [
      "run 2.1.5 (code-mode's engine) with a bare host function, no schema check (floor)",
      engineRun,
    ],
  ];
  if (python) {
    implementations.push(
      ['ours (Pyodide): interpreter.run, stateless, back to back', python.run],
      ['ours (Pyodide): session.run, tools on the session', python.session],
    );
  }

  // (a) The same program, 30 sequential calls summing the answers, back to back.
  const latencyRows = [];
  for (const [name, make] of implementations) {
    latencyRows.push(
      await measure(name, checked(name, 30, make(30)), isStatelessPyodide(name) ? 30 : 200),
    );
  }
  // The baseline's number, checked against a plain loop with one clock around it.
  const codeModeRow = latencyRows.find((row) => row.name.startsWith('@ai-sdk/code-mode'));
  const directMean = await directMeanMs(checked('direct', 30, codeModeRun(30)), quick ? 20 : 50);
  const agrees = directMean > codeModeRow.p50 * 0.7 && directMean < codeModeRow.p50 * 1.5;
  if (!agrees) codeModeRow.name += ' (UNVERIFIED: see the note below)';
  table(
    'Code mode: one program making 30 sequential tool calls and summing the answers, back to back',
    latencyRows,
    latencyRows[0],
  );
  const callMs = await (async () => {
    const result = await interpreter.run(
      { language: 'javascript', code: oursProgram(30) },
      { tools },
    );
    return result.toolCalls.reduce((sum, call) => sum + call.ms, 0) / result.toolCalls.length;
  })();
  note(
    `Check of the @ai-sdk/code-mode row: a plain loop of its program with one clock around it took ${directMean.toFixed(3)} ms per program (mean) against the table's p50 of ${codeModeRow.p50.toFixed(3)} ms: ${agrees ? 'they agree' : 'they DISAGREE, so its ratio is not to be trusted'}. Every row's program is checked: its sum (435) and 30 calls of execute. Ours records ${callMs.toFixed(3)} ms per call on the host (result.toolCalls[].ms: the call reaching the supervisor to its answer).`,
  );

  // (b) Per-call overhead: (200 calls - 0 calls) / 200, each program back to back.
  const overheadLines = [
    '### Code mode: overhead of one tool call ((program with 200 calls - program with 0 calls) / 200, p50s; floors: 200 bare round trips / 200)',
    '',
    '| what | 0 calls p50 ms | 200 calls p50 ms | per call µs | runs | vs ours |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  let oursPerCall;
  // Stateless Pyodide runs wait about a second for a clean sandbox each, which drowns 200 calls.
  for (const [name, make] of implementations.filter(([name]) => !isStatelessPyodide(name))) {
    const none = await measure(name, checked(name, 0, make(0)), 100);
    const many = await measure(name, checked(name, 200, make(200)), 100);
    const perCall = ((many.p50 - none.p50) / 200) * 1000;
    oursPerCall ??= perCall;
    overheadLines.push(
      `| ${name} | ${none.p50.toFixed(3)} | ${many.p50.toFixed(3)} | ${perCall.toFixed(1)} | ${none.n} + ${many.n} | ${(perCall / oursPerCall).toFixed(2)}x |`,
    );
  }
  const floors = transportFloors();
  for (const [name, roundTrips] of [
    [
      'floor: Node IPC to a child process and back (process.send, the transport under ours)',
      floors.process,
    ],
    [
      'floor: postMessage to a worker thread and back (the transport under code-mode)',
      floors.thread,
    ],
  ]) {
    const row = await measure(name, () => roundTrips(200), 100);
    const perCall = (row.p50 / 200) * 1000;
    overheadLines.push(
      `| ${name} | | ${row.p50.toFixed(3)} | ${perCall.toFixed(1)} | ${row.n} | ${(perCall / oursPerCall).toFixed(2)}x |`,
    );
  }
  await floors.close();
  sections.push(overheadLines.join('\n'));
  console.log(`\n${overheadLines.join('\n')}`);

  await oursTool?.close();
  await session.close();
  await interpreter.close();
  if (python) {
    await python.close();
    await pythonInterpreter.close();
  }

  // (c) Cold start. The headline: a fresh Node process, from before the import to the first
  // program's answer (the tool set is built first, outside the clock, as the application's own).
  const runs = quick ? 3 : 5;
  const freshProcess = (name, body) => coldStartMs(body, runs).then((row) => ({ name, ...row }));
  const freshRows = [
    await freshProcess(
      'ours: import core, createCodeInterpreter, first program',
      `const { createCodeInterpreter } = await import(${JSON.stringify(coreUrl)});
const interpreter = createCodeInterpreter({ languages: ['javascript'] });
const result = await interpreter.run({ language: 'javascript', code: ${JSON.stringify(oursProgram(30))} }, { tools });
if (result.value !== '435') throw new Error(JSON.stringify(result));`,
    ),
    await freshProcess(
      '@ai-sdk/code-mode: import it, createCodeModeTool, first program',
      `const codeMode = await import(${JSON.stringify(pathToFileURL(requireRoot.resolve('@ai-sdk/code-mode')).href)});
const value = await codeMode.experimental_createCodeModeTool(tools).execute({ js: ${JSON.stringify(codeModeProgram(30))} }, { toolCallId: 'cold', messages: [] });
if (value !== 435) throw new Error(JSON.stringify(value));`,
    ),
  ];
  if (python) {
    freshRows.push(
      await freshProcess(
        'ours (Pyodide): import core, createCodeInterpreter, first program',
        `const { createCodeInterpreter } = await import(${JSON.stringify(coreUrl)});
const interpreter = createCodeInterpreter({ languages: ['python'], python: 'pyodide' });
const result = await interpreter.run({ language: 'python', code: ${JSON.stringify(pythonProgram(30))} }, { tools });
if (result.value !== '435') throw new Error(JSON.stringify(result));`,
      ),
    );
  }
  table(
    "Code mode: cold start in a fresh Node process (import to the first 30-call program's answer)",
    freshRows,
    freshRows[0],
  );

  // In a running process: a new interpreter starts a worker process of its own; code-mode's
  // worker threads belong to the whole process, so a new tool after the first finds them started.
  const newRows = [
    await measure(
      'ours: createCodeInterpreter + first program (a new worker process)',
      async () => {
        const start = performance.now();
        const fresh = createCodeInterpreter({ languages: ['javascript'] });
        await checked('new interpreter', 30, async () => {
          const result = await fresh.run(
            { language: 'javascript', code: oursProgram(30) },
            { tools },
          );
          return result.value;
        })();
        const ms = performance.now() - start;
        await fresh.close();
        return ms;
      },
      10,
    ),
    await measure(
      '@ai-sdk/code-mode: createCodeModeTool + first program (worker threads already started by earlier tools)',
      () => {
        const fresh = codeMode.experimental_createCodeModeTool(tools);
        return checked('new tool', 30, () =>
          fresh.execute({ js: codeModeProgram(30) }, toolOptions),
        )();
      },
      10,
    ),
  ];
  table(
    'Code mode: a new interpreter or tool in a running process, first 30-call program',
    newRows,
    newRows[0],
  );
}

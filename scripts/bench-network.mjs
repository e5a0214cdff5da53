// pnpm bench, network section (issue 11): an HTTP round trip from sandboxed code through the host's
// egress policy (checks, name resolution, pinning, records), next to the same request made
// directly by this process with undici's fetch and with node:http, against one local server the
// bench starts. Imported by bench.mjs; not a test.
import http from 'node:http';

/** Requests per program: the per-request cost is (program with N - program with 0) / N. */
const perProgram = 20;

/**
 * Per-request rows from two timed programs (N requests and none), so a run's own fixed cost is
 * not charged to its requests.
 */
function perRequest(name, withRequests, without) {
  return {
    name,
    p50: (withRequests.p50 - without.p50) / perProgram,
    p95: (withRequests.p95 - without.p95) / perProgram,
    n: withRequests.n,
  };
}

export async function measureNetwork({ createCodeInterpreter, measure, table, note, quick }) {
  const body = JSON.stringify({ ok: true, items: [1, 2, 3] });
  let served = 0;
  const server = http.createServer((_request, response) => {
    served++;
    response.setHeader('content-type', 'application/json');
    response.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const url = `http://127.0.0.1:${port}/items`;
  const count = quick ? 40 : 200;

  const interpreter = createCodeInterpreter({
    languages: ['javascript', 'python'],
    network: { allow: [`127.0.0.1:${port}`], maxRequests: 10_000 },
  });
  const jsSession = interpreter.createSession();
  const pySession = interpreter.createSession();
  const checked = (session, language, code, expected) => async () => {
    const result = await session.run({ language, code });
    if (result.errorInfo || result.stdout.trim() !== expected) {
      throw new Error(`network bench: ${result.errorInfo?.message ?? result.stdout}`);
    }
  };
  const jsProgram = (n) =>
    `let ok = 0;\nfor (let i = 0; i < ${n}; i++) { const r = await fetch(${JSON.stringify(url)}); ok += (await r.json()).ok ? 1 : 0 }\nconsole.log(ok)`;
  const pyProgram = (n) =>
    `import urllib.request, json\nok = 0\nfor i in range(${n}):\n    ok += 1 if json.loads(urllib.request.urlopen(${JSON.stringify(url)}).read())['ok'] else 0\nprint(ok)`;

  const js = await measure(
    'js',
    checked(jsSession, 'javascript', jsProgram(perProgram), String(perProgram)),
    count / 4,
  );
  const js0 = await measure('js0', checked(jsSession, 'javascript', jsProgram(0), '0'), count / 4);
  const py = await measure(
    'py',
    checked(pySession, 'python', pyProgram(perProgram), String(perProgram)),
    count / 8,
  );
  const py0 = await measure('py0', checked(pySession, 'python', pyProgram(0), '0'), count / 8);
  const oneFetch = await measure(
    'ours: a JavaScript session run making one fetch (whole run)',
    checked(jsSession, 'javascript', jsProgram(1), '1'),
    count,
  );

  const direct = await measure(
    'direct: undici fetch from this process',
    async () => {
      const response = await fetch(url);
      if (!(await response.json()).ok) throw new Error('bad answer');
    },
    count,
  );
  const agent = new http.Agent({ keepAlive: true });
  const nodeHttp = await measure(
    'direct: node:http request, keep-alive',
    () =>
      new Promise((resolve, reject) => {
        http
          .get(url, { agent }, (response) => {
            response.resume();
            response.on('end', resolve);
          })
          .on('error', reject);
      }),
    count,
  );
  // The baseline checked against a plain timed loop before its ratio is printed.
  const loopStart = performance.now();
  for (let i = 0; i < 50; i++) await (await fetch(url)).json();
  const loopMean = (performance.now() - loopStart) / 50;
  const verified = loopMean < direct.p50 * 2 && loopMean > direct.p50 * 0.5;

  const ours = perRequest('ours: fetch in a JavaScript session, per request', js, js0);
  table(
    'Network: one HTTP round trip to a local server through the egress policy, back to back',
    [
      ours,
      perRequest('ours: urllib in a Python (Pyodide) session, per request', py, py0),
      oneFetch,
      {
        ...direct,
        name: `${direct.name}${verified ? '' : ' (UNVERIFIED: a timed loop disagreed)'}`,
      },
      nodeHttp,
    ],
    ours,
  );
  note(
    `Network: per-request rows are (a run of ${perProgram} sequential requests - a run of none) / ${perProgram}, so a run's own cost is not charged; "whole run" is what a model's call costs. The direct undici row was checked against a plain timed loop (mean ${loopMean.toFixed(3)} ms${verified ? ', agrees' : ', DISAGREES'}). Every request passes the policy on the host: host match, name resolution (an IP literal here), address checks, a pinned connection, a record. The server answered ${served} requests.`,
  );
  agent.destroy();
  await jsSession.close();
  await pySession.close();
  await interpreter.close();
  await new Promise((resolve) => server.close(resolve));
}

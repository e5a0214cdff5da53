import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { createCodeInterpreter } from '@code-interpreter/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpMcpServer, startHttpServer } from './start-http-server';

// The official MCP conformance suite (@modelcontextprotocol/conformance, pinned devDependency)
// against our Streamable HTTP server on loopback: every server scenario it knows is run, and each
// is either expected to pass or listed below as not applying, with the reason and the evidence of
// that reason the scenario's own checks must show. A scenario the table does not name fails the
// test (a new conformance version is reviewed, never skipped).

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
  details?: unknown;
}

/** A scenario that does not apply to a tools-only server: why, and what its checks show for it. */
interface NotApplicable {
  reason: string;
  /** Found in the scenario's checks (its error or the result it recorded). */
  evidence: RegExp;
}

/** Scenarios calling the reference server's fixture tools: `tool` is also checked absent from ours. */
interface NotApplicableFixture extends NotApplicable {
  tool: string;
}

const fixtureTool = (tool: string, evidence?: RegExp): NotApplicableFixture => ({
  tool,
  reason: `calls the conformance fixture tool ${tool} (the reference "everything" server's); this server has run_code, new_session and close_session`,
  // Some checks record the tool's answer (our "not found" error), others only what was missing.
  evidence: evidence ?? new RegExp(`Tool ${tool} not found`),
});
const notDeclared = (what: string): NotApplicable => ({
  reason: `${what}: the server does not declare that capability, and answers Method not found as the specification asks`,
  evidence: /Method not found/,
});
const fixtureResource = (uri: string): NotApplicable => ({
  reason: `reads the conformance fixture resource ${uri}; this server's resources are the files of its sandboxes (workspace://...)`,
  evidence: new RegExp(`Resource ${uri.replace(/[/.]/g, '\\$&')} not found`),
});

const expected: Record<string, 'pass' | NotApplicable | NotApplicableFixture> = {
  'server-initialize': 'pass',
  ping: 'pass',
  'tools-list': 'pass',
  'dns-rebinding-protection': 'pass',
  'server-sse-multiple-streams': 'pass',
  'resources-list': 'pass',
  // These two report SUCCESS here only because their checks accept any error result; they call a
  // fixture tool we do not have, so they prove nothing about us and are not counted as passing.
  'tools-call-simple-text': fixtureTool('test_simple_text'),
  'tools-call-error': fixtureTool('test_error_handling'),
  'tools-call-image': fixtureTool('test_image_content', /No image content found/),
  'tools-call-audio': fixtureTool('test_audio_content', /No audio content found/),
  'tools-call-embedded-resource': fixtureTool('test_embedded_resource', /No resource content/),
  'tools-call-mixed-content': fixtureTool('test_multiple_content_types', /Missing image content/),
  'tools-call-with-progress': fixtureTool('test_tool_with_progress'),
  'tools-call-sampling': fixtureTool('test_sampling'),
  'tools-call-elicitation': fixtureTool('test_elicitation'),
  'elicitation-sep1034-defaults': fixtureTool(
    'test_elicitation_sep1034_defaults',
    /Server did not request elicitation/,
  ),
  'elicitation-sep1330-enums': fixtureTool(
    'test_elicitation_sep1330_enums',
    /Server did not request elicitation/,
  ),
  'json-schema-2020-12': {
    reason:
      'looks for the fixture tool json_schema_2020_12_tool; our tools publish JSON Schema 2020-12 from zod (tools-list passes)',
    evidence: /Tool 'json_schema_2020_12_tool' not found/,
  },
  'server-sse-polling': {
    reason:
      'needs the fixture tool test_reconnection, which closes its SSE stream mid-call, and an event store to resume from; this server keeps no event store (a call whose stream breaks is cancelled, its sandbox freed)',
    evidence: /Tool test_reconnection not found/,
  },
  'tools-call-with-logging': {
    ...notDeclared('logging (logging/setLevel, then the fixture tool test_tool_with_logging)'),
    evidence: /Method not found|Tool test_tool_with_logging not found/,
  },
  'logging-set-level': notDeclared('logging/setLevel (diagnostics go to stderr, not to clients)'),
  'completion-complete': notDeclared(
    'completion/complete (no prompts; resource templates take no completions)',
  ),
  'resources-read-text': fixtureResource('test://static-text'),
  'resources-read-binary': fixtureResource('test://static-binary'),
  'resources-templates-read': fixtureResource('test://template/123/data'),
  'resources-subscribe': notDeclared(
    'resources/subscribe (workspace files change only by runs, whose results link them)',
  ),
  'resources-unsubscribe': notDeclared('resources/unsubscribe'),
  'prompts-list': notDeclared('prompts/list (no prompts)'),
  'prompts-get-simple': notDeclared('prompts/get (no prompts)'),
  'prompts-get-with-args': notDeclared('prompts/get (no prompts)'),
  'prompts-get-embedded-resource': notDeclared('prompts/get (no prompts)'),
  'prompts-get-with-image': notDeclared('prompts/get (no prompts)'),
};

const require = createRequire(import.meta.url);
const conformanceBin = join(
  dirname(require.resolve('@modelcontextprotocol/conformance/package.json')),
  'dist/index.js',
);

let server: HttpMcpServer;
let interpreter: ReturnType<typeof createCodeInterpreter>;
let outputDir: string;
/** The tools our server lists. */
let ourTools: string[] = [];
/** Each scenario's checks, by scenario name. */
const results = new Map<string, Check[]>();

beforeAll(async () => {
  interpreter = createCodeInterpreter({ workers: 1 });
  server = await startHttpServer({ port: 0, interpreter, log: () => {} });
  const client = new Client({ name: 'conformance-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
  ourTools = (await client.listTools()).tools.map((tool) => tool.name);
  await client.close();
  outputDir = await mkdtemp(join(tmpdir(), 'mcp-conformance-'));
  // Every server scenario, the pending ones too; it exits 1 when any fails, which the table judges.
  await promisify(execFile)(
    process.execPath,
    [conformanceBin, 'server', '--url', server.url, '--suite', 'all', '-o', outputDir],
    { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: { code?: unknown; stderr?: string }) => {
    if (typeof error.code !== 'number') throw error;
  });
  for (const entry of await readdir(outputDir)) {
    const scenario = entry.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, '');
    const checks = JSON.parse(await readFile(join(outputDir, entry, 'checks.json'), 'utf8'));
    results.set(scenario, checks as Check[]);
  }
}, 300_000);

afterAll(async () => {
  await server?.close();
  await interpreter?.close();
  if (outputDir) await rm(outputDir, { recursive: true, force: true });
});

const failures = (checks: Check[]) => checks.filter((check) => check.status === 'FAILURE');

describe('MCP conformance (server scenarios, @modelcontextprotocol/conformance)', () => {
  it('ran every scenario the table names, and the table names every scenario it ran', () => {
    expect([...results.keys()].sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [scenario, expectation] of Object.entries(expected)) {
    if (expectation === 'pass') {
      it(`${scenario}: passes`, () => {
        const checks = results.get(scenario) ?? [];
        expect(checks.filter((check) => check.status === 'SUCCESS').length).toBeGreaterThan(0);
        expect(failures(checks)).toEqual([]);
      });
    } else {
      it(`${scenario}: does not apply (${expectation.reason})`, () => {
        const checks = results.get(scenario);
        expect(checks).toBeDefined();
        expect(JSON.stringify(checks)).toMatch(expectation.evidence);
        if ('tool' in expectation) expect(ourTools).not.toContain(expectation.tool);
      });
    }
  }
});

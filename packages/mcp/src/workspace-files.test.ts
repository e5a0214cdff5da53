import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { describe, expect, it } from 'vitest';
import { connectClient } from './test-support/connect-client';
import { textOf } from './test-support/text-of';

// Files over MCP, with a scripted interpreter whose sessions keep real files in a temporary
// folder: uploads with `run_code`, produced files as resource links, and `resources/read`.

const connect = connectClient;

describe('workspace files over MCP', () => {
  it('takes uploads with run_code, links what the run wrote, and reads it back as a resource', async () => {
    const interpreter = new MockCodeInterpreter({
      run: async (call) => {
        const session = interpreter.sessions.find((candidate) => candidate.id === call.sessionId);
        const csv = await session?.files.readText('data/sales.csv');
        await session?.files.write('chart.png', new Uint8Array([137, 80, 78, 71]));
        await session?.files.write('summary.txt', `rows: ${csv?.trim().split('\n').length}`);
        return {
          stdout: 'done\n',
          files: [
            { path: '/workspace/chart.png', change: 'created', size: 4, mediaType: 'image/png' },
            { path: '/workspace/summary.txt', change: 'created', size: 7, mediaType: 'text/plain' },
          ],
        };
      },
    });
    const { client, close } = await connect({ interpreter });
    const { tools } = await client.listTools();
    const schema = tools[0]?.inputSchema as unknown as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toContain('files');

    const result = await client.callTool({
      name: 'run_code',
      arguments: {
        language: 'python',
        code: 'analyse()',
        files: [
          { path: 'data/sales.csv', content: 'region,amount\nnorth,1\nsouth,2\n' },
          {
            path: 'raw.bin',
            content: Buffer.from([0, 1, 2]).toString('base64'),
            encoding: 'base64',
          },
        ],
      },
    });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain(
      '[Files: created /workspace/chart.png (4 B); created /workspace/summary.txt (7 B)]',
    );
    expect(result.content).toContainEqual({
      type: 'resource_link',
      uri: 'workspace:///chart.png',
      name: 'chart.png',
      mimeType: 'image/png',
      description: 'created by this run (4 bytes)',
    });
    const summary = await client.readResource({ uri: 'workspace:///summary.txt' });
    expect(summary.contents).toEqual([
      { uri: 'workspace:///summary.txt', mimeType: 'text/plain', text: 'rows: 3' },
    ]);
    const chart = await client.readResource({ uri: 'workspace:///chart.png' });
    expect(chart.contents[0]).toMatchObject({
      mimeType: 'image/png',
      blob: Buffer.from([137, 80, 78, 71]).toString('base64'),
    });
    const raw = await client.readResource({ uri: 'workspace:///raw.bin' });
    expect(raw.contents[0]).toMatchObject({ blob: Buffer.from([0, 1, 2]).toString('base64') });
    const listed = await client.listResources();
    expect(listed.resources.map((resource) => resource.uri).sort()).toEqual([
      'workspace:///chart.png',
      'workspace:///data/sales.csv',
      'workspace:///raw.bin',
      'workspace:///summary.txt',
    ]);
    await close();
  });

  it('refuses uploads over the cap, bad base64 and paths outside the workspace, without running', async () => {
    const interpreter = new MockCodeInterpreter();
    const { client, close } = await connect({ interpreter, maxUploadBytes: 10 });
    const call = (files: unknown) =>
      client.callTool({ name: 'run_code', arguments: { language: 'python', code: 'x', files } });
    const tooBig = await call([{ path: 'a.txt', content: 'x'.repeat(11) }]);
    expect(tooBig.isError).toBe(true);
    expect(textOf(tooBig)).toContain('more than 10 bytes');
    const badBase64 = await call([{ path: 'a.bin', content: '***', encoding: 'base64' }]);
    expect(textOf(badBase64)).toContain('not valid base64');
    const outside = await call([{ path: '../../etc/passwd', content: 'x' }]);
    expect(outside.isError).toBe(true);
    expect(textOf(outside)).toContain('EACCES');
    expect(interpreter.calls).toEqual([]);
    const unknown = await client
      .readResource({ uri: 'workspace:///missing.txt' })
      .catch((e: unknown) => e);
    expect(String(unknown)).toContain('ENOENT');
    await close();
  });

  it('embeds the files of a stateless run (its workspace is gone after it), and has no uploads when turned off', async () => {
    const interpreter = new MockCodeInterpreter({
      run: {
        files: [
          {
            path: '/workspace/out.csv',
            change: 'created',
            size: 3,
            mediaType: 'text/csv',
            data: Buffer.from('a,b').toString('base64'),
          },
          { path: '/workspace/old.txt', change: 'deleted', size: 0, mediaType: 'text/plain' },
        ],
      },
    });
    const { client, close } = await connect({ interpreter, session: false, maxUploadBytes: 0 });
    const { tools } = await client.listTools();
    expect(Object.keys(tools[0]?.inputSchema.properties ?? {})).not.toContain('files');
    const result = await client.callTool({
      name: 'run_code',
      arguments: { language: 'python', code: 'x' },
    });
    expect(result.content).toContainEqual({
      type: 'resource',
      resource: {
        uri: 'workspace:///out.csv',
        mimeType: 'text/csv',
        blob: Buffer.from('a,b').toString('base64'),
      },
    });
    expect(
      (result.content as Array<{ type: string }>).filter((item) => item.type !== 'text'),
    ).toHaveLength(1);
    expect((await client.listResources()).resources).toEqual([]);
    await close();
  });
});

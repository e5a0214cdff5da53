import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type RunningApp, startApp } from './support/next-app';

// Debian's chromium; `playwright install` cannot download a browser here.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let app: RunningApp | undefined;
let browser: Browser | undefined;
const timings: Record<string, number> = {};

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = Math.round(performance.now() - started);
  }
}

beforeAll(async () => {
  const built = await timed('build', buildApp);
  if (!built) timings.build = 0;
  app = await timed('start', startApp);
  browser = await timed('browser', () =>
    chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    }),
  );
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  console.log(`nextjs-chat e2e timings (ms): ${JSON.stringify(timings)}`);
});

async function openChat(): Promise<Page> {
  if (!browser || !app) throw new Error('The app or the browser did not start.');
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(app.url);
  return page;
}

/** Sends a message once the previous answer is complete. */
async function send(page: Page, text: string) {
  await page.locator('main[data-status=ready]').waitFor();
  const input = page.getByLabel('Message');
  await input.fill(text);
  await input.press('Enter');
}

/**
 * A request with its path sent exactly as written (fetch would resolve `%2e%2e` and `..` first),
 * as an attacker's client would send it.
 */
function rawRequest(
  method: string,
  path: string,
  body?: string,
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  if (!app) throw new Error('The app did not start.');
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ method, hostname, port, path }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
      );
    });
    request.on('error', reject);
    request.end(body);
  });
}

const cell = (page: Page, index: number) => page.getByTestId('code-cell').nth(index);
const assistantText = (page: Page) => page.locator('[data-role=assistant] .message-text').last();

describe('the Next.js chat example in a browser', () => {
  it('says it runs the scripted demo model when no key is set', async () => {
    const page = await openChat();
    await expect
      .poll(() => page.getByTestId('model-label').textContent())
      .toContain('Scripted demo model');
    await expect.poll(() => page.getByTestId('scripted-notice').isVisible()).toBe(true);
    await page.close();
  });

  it('runs code as notebook cells: live output, the value, a chart, then a variable reused in the next turn', async () => {
    const page = await openChat();
    await timed('turn 1', async () => {
      await send(page, 'Analyze the monthly sales and chart them');

      // The first line is on screen while the program still runs (it waits 800 ms before the second).
      const first = cell(page, 0);
      await first.waitFor();
      await page.waitForFunction(() => {
        const element = document.querySelector('[data-testid=code-cell]');
        const stdout = element?.querySelector('[data-testid=cell-stdout]')?.textContent ?? '';
        return (
          element?.getAttribute('data-state') === 'running' &&
          stdout.includes('Loading six months of sales...') &&
          !stdout.includes('Loaded 6 months.')
        );
      });
      expect(await first.getByTestId('cell-language').textContent()).toBe('JavaScript');
      expect(await first.getByTestId('cell-code').textContent()).toContain('const sales = {');
      expect(await first.getByTestId('cell-state').textContent()).toContain('Running');

      // Then the final output and the value of the last expression.
      await page.locator('[data-testid=code-cell][data-state=done]').first().waitFor();
      expect(await first.getByTestId('cell-stdout').textContent()).toBe(
        'Loading six months of sales...\nLoaded 6 months.\n',
      );
      expect(await first.getByTestId('cell-value').textContent()).toBe('1550');

      // The Python cell draws a chart with matplotlib: it comes back as a PNG shown inline.
      const chart = cell(page, 1);
      await chart.waitFor();
      await page.waitForFunction(
        () => {
          const cells = document.querySelectorAll('[data-testid=code-cell]');
          const state = cells[1]?.getAttribute('data-state');
          return state === 'done' || state === 'failed' || state === 'timed-out';
        },
        undefined,
        { timeout: 60_000 },
      );
      const chartErrors = await chart.getByTestId('cell-error').allTextContents();
      expect(chartErrors, 'the Python chart cell failed').toEqual([]);
      expect(await chart.getByTestId('cell-language').textContent()).toBe('Python');
      const image = chart.getByTestId('cell-image');
      await image.waitFor();
      const size = await image.evaluate((element: HTMLImageElement) => ({
        width: element.naturalWidth,
        height: element.naturalHeight,
        source: element.src.slice(0, 22),
      }));
      expect(size.source).toBe('data:image/png;base64,');
      expect(size.width).toBeGreaterThan(100);
      expect(size.height).toBeGreaterThan(50);

      // The answer streams in; once complete it quotes what both cells computed.
      await page.locator('main[data-status=ready]').waitFor();
      const answer = await assistantText(page).textContent();
      expect(answer).toContain('add up to 1550');
      expect(answer).toContain('the best month is Apr');
    });

    await timed('turn 2', async () => {
      // Second turn: the code uses `total`, defined by the first turn's JavaScript in this
      // conversation's session.
      await send(page, 'Double the total');
      const reuse = cell(page, 2);
      await reuse.waitFor();
      // The code streams in as the model writes it.
      await expect.poll(() => reuse.getByTestId('cell-code').textContent()).toContain('total * 2');
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid=code-cell]')[2]?.getAttribute('data-state') ===
          'done',
      );
      expect(await reuse.getByTestId('cell-value').textContent()).toBe('3100');
      await expect.poll(() => assistantText(page).textContent()).toContain('3100');
    });
    await page.close();
  });

  it('takes an uploaded CSV into the workspace, analyses it in Python, and downloads the file the program wrote', async () => {
    const page = await openChat();
    const csv =
      'region,units,revenue\nnorth,120,18000\nsouth,80,11200\neast,95,13300\nwest,110,15401\n';
    await timed('upload and analysis', async () => {
      // A name with a space: the upload and download URLs encode it.
      await page.getByTestId('upload-input').setInputFiles({
        name: 'quarterly sales.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      await page.getByTestId('workspace-file').filter({ hasText: 'quarterly sales.csv' }).waitFor();

      // The model is told the file is there: the scripted model reads its path from the
      // instructions, and its Python opens it.
      await send(page, 'Analyze the uploaded CSV');
      const analysis = cell(page, 0);
      await page.locator('[data-testid=code-cell][data-state=done]').first().waitFor({
        timeout: 60_000,
      });
      expect(await analysis.getByTestId('cell-language').textContent()).toBe('Python');
      expect(await analysis.getByTestId('cell-code').textContent()).toContain(
        'open("/workspace/quarterly sales.csv", newline="")',
      );
      expect(await analysis.getByTestId('cell-value').textContent()).toBe(
        "'4 rows, 2 numeric columns of 3'",
      );
      // Native Python here: the chart is written next to the summary.
      const written = await analysis.getByTestId('cell-file').allTextContents();
      expect(written.map((text) => text.replace(/\d.*$/, ''))).toEqual([
        'chart.png',
        'summary.csv',
      ]);

      const link = analysis.getByTestId('cell-file').filter({ hasText: 'summary.csv' });
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('summary.csv');
      expect(readFileSync(await download.path(), 'utf8')).toBe(
        'column,count,sum,mean,min,max\nunits,4,405,101.25,80,120\nrevenue,4,57901,14475.25,11200,18000\n',
      );

      await page.locator('main[data-status=ready]').waitFor();
      const answer = await assistantText(page).textContent();
      expect(answer).toContain('I read /workspace/quarterly sales.csv in Python: 4 rows');
      expect(answer).toContain('units: sum 405, mean 101.25');
      // Once the answer is complete, the workspace bar lists what the program wrote too.
      await expect
        .poll(() => page.getByTestId('workspace-file').allTextContents())
        .toEqual([
          expect.stringContaining('chart.png'),
          expect.stringContaining('quarterly sales.csv'),
          expect.stringContaining('summary.csv'),
        ]);
    });

    // An upload over the cap is refused with a message that says the limit, and nothing lands.
    await page.getByTestId('upload-input').setInputFiles({
      name: 'too-big.csv',
      mimeType: 'text/csv',
      buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 'a'),
    });
    await expect
      .poll(() => page.getByTestId('upload-error').textContent(), { timeout: 20_000 })
      .toBe(
        'The file is larger than the 10.0 MB an upload may be (CHAT_MAX_UPLOAD_BYTES on the server). Upload a smaller file.',
      );
    expect(await page.getByTestId('workspace-file').allTextContents()).not.toContainEqual(
      expect.stringContaining('too-big.csv'),
    );
    await page.close();
  });

  it("serves a conversation's files only to that conversation, and no path outside its workspace", async () => {
    const url = (path: string) => `${app?.url}${path}`;
    const chat = `files-${Date.now()}`;
    const other = `${chat}-other`;
    const uploaded = await fetch(url(`/api/chats/${chat}/files/secret.csv`), {
      method: 'PUT',
      body: 'a,b\n1,2\n',
    });
    expect(uploaded.status).toBe(201);
    expect(await uploaded.json()).toEqual({
      file: { path: '/workspace/secret.csv', size: 8, mediaType: 'text/csv' },
    });

    const own = await fetch(url(`/api/chats/${chat}/files/secret.csv`));
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('text/csv');
    expect(own.headers.get('content-disposition')).toBe(
      `attachment; filename="secret.csv"; filename*=UTF-8''secret.csv`,
    );
    expect(own.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await own.text()).toBe('a,b\n1,2\n');

    // Another conversation, with no session and then with one of its own, never sees it.
    const before = await fetch(url(`/api/chats/${other}/files/secret.csv`));
    expect(before.status).toBe(404);
    await fetch(url(`/api/chats/${other}/files/mine.csv`), { method: 'PUT', body: 'x\n' });
    const after = await fetch(url(`/api/chats/${other}/files/secret.csv`));
    expect(after.status).toBe(404);
    expect(await after.json()).toEqual({ error: 'There is no such file in this conversation.' });
    expect(await (await fetch(url(`/api/chats/${other}/files`))).json()).toEqual({
      files: [{ path: '/workspace/mine.csv', size: 2, mediaType: 'text/csv' }],
    });

    // Paths that try to leave the workspace: refused before they reach it, or never routed here.
    for (const path of [
      '..%2F..%2F..%2Fetc%2Fpasswd',
      '%2Fetc%2Fpasswd',
      'a%5C..%5C..%5Cx',
      'x%00.csv',
    ]) {
      for (const method of ['GET', 'PUT']) {
        const body = method === 'PUT' ? 'pwned' : undefined;
        const response = await rawRequest(method, `/api/chats/${chat}/files/${path}`, body);
        expect(response.status, `${method} ${path}`).toBe(400);
        expect(response.body).toContain('The file path must be names inside /workspace');
      }
    }
    for (const path of ['../../../../etc/passwd', '%2e%2e/%2e%2e/%2e%2e/etc/passwd']) {
      const response = await rawRequest('GET', `/api/chats/${chat}/files/${path}`);
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('root:');
    }
    expect(await (await fetch(url(`/api/chats/${chat}/files`))).json()).toEqual({
      files: [{ path: '/workspace/secret.csv', size: 8, mediaType: 'text/csv' }],
    });
  });

  it('shows a failed cell with its error line, the fixed run, and a timed-out cell', async () => {
    const page = await openChat();
    await timed('failure and timeout', async () => {
      await send(page, 'Run code with a bug, then fix it');
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid=code-cell]')[1]?.getAttribute('data-state') ===
          'done',
      );
      const failed = cell(page, 0);
      expect(await failed.getAttribute('data-state')).toBe('failed');
      expect(await failed.getByTestId('cell-state').textContent()).toBe('Failed');
      expect(await failed.getByTestId('cell-error').textContent()).toContain('TypeError');
      expect(await failed.getByTestId('cell-error-line').textContent()).toContain('line 2');
      expect(await failed.locator('.error-line').textContent()).toContain('order.items.length');
      expect(await cell(page, 1).getByTestId('cell-value').textContent()).toBe('[ 2, 0 ]');

      // The composer is free again once the answer is complete.
      await expect.poll(() => assistantText(page).textContent()).toContain('defaulted it');
      await send(page, 'Run an endless loop');
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid=code-cell]')[2]?.getAttribute('data-state') ===
          'timed-out',
        undefined,
        { timeout: 20_000 },
      );
      const loop = cell(page, 2);
      expect(await loop.getByTestId('cell-state').textContent()).toBe('Timed out');
      expect(await loop.getByTestId('cell-error').textContent()).toMatch(/1000 ms|timed out|time/i);
      await expect.poll(() => assistantText(page).textContent()).toContain('stopped it');
    });
    await page.close();
  });
});

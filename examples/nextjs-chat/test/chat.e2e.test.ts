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

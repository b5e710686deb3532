#!/usr/bin/env node
/**
 * Screenshots of the demo page's <madang-spending-explainer> for docs/explainer.md, at 1280 px
 * and 360 px wide: docs/screenshots/explainer-1280.png and explainer-360.png. Not part of the
 * test run. Needs the build (pnpm build) and Chromium (CHROME_PATH, default /usr/bin/chromium).
 *
 *   node scripts/screenshots.mjs
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startDemo } from './demo-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

const demo = await startDemo({ apiPort: 0, pagePort: 0, dataDir: 'memory://' });
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run', '--font-render-hinting=none'],
});
try {
  for (const width of [1280, 360]) {
    const page = await browser.newPage();
    await page.setViewport({ width, height: 900, deviceScaleFactor: 1 });
    await page.goto(demo.pageUrl, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('madang-spending-explainer')?.getAttribute('data-state') === 'ready', { timeout: 30_000 });
    // A receipt, so the picture shows one (typed in the page: it is computed there).
    const host = await page.$('madang-spending-explainer');
    const input = await page.evaluateHandle((el) => el.shadowRoot.querySelector('#tax'), host);
    await input.type('1228000');
    await page.keyboard.press('Enter');
    await page.waitForFunction((el) => el.shadowRoot.querySelector('[part~="result"]'), {}, host);
    await new Promise((r) => setTimeout(r, 300));
    await host.screenshot({ path: join(out, `explainer-${width}.png`) });
    console.log(`wrote docs/screenshots/explainer-${width}.png`);
    await page.close();
  }
} finally {
  await browser.close();
  await demo.close();
}

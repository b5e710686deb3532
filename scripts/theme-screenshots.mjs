#!/usr/bin/env node
/**
 * Screenshots of the demo page under each theme preset of @madang/widgets (packages/widgets/themes/)
 * for docs/theming.md: docs/screenshots/theme-krds.png, theme-high-contrast.png and
 * theme-local.png. Each shows the page's header, the yes/no poll (a choice selected, results
 * and the threshold bar) and the multiple-choice poll. Not part of the test run. Needs the build
 * (pnpm build) and Chromium (CHROME_PATH, default /usr/bin/chromium).
 *
 *   node scripts/theme-screenshots.mjs
 *
 * The preset is added to the page as a webmaster would add it (a stylesheet after the page's
 * own); the demo page's CSP allows only its own stylesheets, so the script lets puppeteer bypass
 * the CSP for the injected <style>. The widgets themselves still run without inline styles.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startDemo } from './demo-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs', 'screenshots');
const themes = join(root, 'packages', 'widgets', 'themes');
mkdirSync(out, { recursive: true });

const presets = [
  ['krds.css', 'theme-krds.png'],
  ['high-contrast.css', 'theme-high-contrast.png'],
  ['local-gov-example.css', 'theme-local.png'],
];

const demo = await startDemo({ apiPort: 0, pagePort: 0, dataDir: 'memory://' });
// Some votes, so the results and the threshold bar show.
for (let i = 0; i < 7; i++) {
  await fetch(`${demo.apiUrl}/v1/polls/${demo.demo.polls.yesNo}/votes`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${demo.demo.site.publishableKey}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': crypto.randomUUID(),
      Origin: new URL(demo.pageUrl).origin,
    },
    body: JSON.stringify({ choices: [i < 5 ? 'yes' : 'no'], deviceId: `theme-shot-device-${i}-${'x'.repeat(16)}` }),
  });
}
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run', '--font-render-hinting=none'],
});
try {
  for (const [css, png] of presets) {
    const page = await browser.newPage();
    await page.setBypassCSP(true);
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await page.setViewport({ width: 900, height: 1200, deviceScaleFactor: 1 });
    await page.goto(demo.pageUrl, { waitUntil: 'load' });
    await page.addStyleTag({ path: join(themes, css) });
    await page.waitForFunction(
      () => [...document.querySelectorAll('madang-poll')].slice(0, 2).every((p) => p.getAttribute('data-state') === 'open'),
      { timeout: 30_000 },
    );
    // A selected choice in each poll, so the picture shows the brand-coloured selection.
    const [yesNo, multiple] = await page.$$('madang-poll');
    await page.evaluate((el) => el.shadowRoot.querySelector('input[value="yes"]').click(), yesNo);
    await page.evaluate((el) => el.shadowRoot.querySelector('input[name="choice"]').click(), multiple);
    await page.evaluate(() => document.activeElement?.blur());
    await new Promise((r) => setTimeout(r, 400));
    const clip = await page.evaluate((el) => {
      const bottom = el.getBoundingClientRect().bottom + window.scrollY;
      return { x: 0, y: 0, width: document.documentElement.clientWidth, height: Math.ceil(bottom + 24) };
    }, multiple);
    await page.screenshot({ path: join(out, png), clip, captureBeyondViewport: true });
    console.log(`wrote docs/screenshots/${png}`);
    await page.close();
  }
} finally {
  await browser.close();
  await demo.close();
}

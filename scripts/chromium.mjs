/**
 * How every headless Chromium of this repository is launched: the browser tests
 * (web-test-runner.config.mjs), the table benchmark (scripts/bench-table.mjs) and the puppeteer
 * tests of the widgets (embed, example page).
 */

/** The browser: $CHROME_PATH, else the distribution's Chromium. */
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Launch flags: headless in a container (no sandbox, no GPU) and no background traffic. */
export const CHROMIUM_FLAGS = Object.freeze([
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/**
 * For the node tests that drive Chromium with puppeteer: what went wrong on a page. Collects
 * uncaught errors and console errors (and warnings, when asked) as they happen, and the
 * page's CSP violations (`securitypolicyviolation`, recorded from before any script runs).
 * Call before `page.goto`.
 */
import type { Page } from 'puppeteer-core';

export interface PageWatch {
  /** `pageerror: …` and `console: …` lines, in order. */
  problems: string[];
  /** `directive blockedURI` for each CSP violation so far. */
  cspViolations(): Promise<string[]>;
}

export async function watchPage(page: Page, opts: { warnings?: boolean; ignoreConsole?: RegExp } = {}): Promise<PageWatch> {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${(e as Error).message}`));
  page.on('console', (m) => {
    const kind = m.type();
    if (kind !== 'error' && !(opts.warnings && kind === 'warn')) return;
    if (opts.ignoreConsole?.test(m.text())) return;
    problems.push(kind === 'error' ? `console: ${m.text()}` : `console.${kind}: ${m.text()} (${m.location().url ?? ''})`);
  });
  await page.evaluateOnNewDocument(() => {
    (window as any).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { problems, cspViolations: () => page.evaluate(() => (window as any).__csp as string[]) };
}

/**
 * The interactive API reference at /reference: Scalar's standalone bundle, served from this
 * server's own node_modules (no third-party CDN on a government service), initialised by a
 * script file rather than an inline script so the page works under a strict CSP.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';

export function scalarBundlePath(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    // The package exports no package.json; its main entry sits in dist/.
    const file = join(dirname(require.resolve('@scalar/api-reference')), 'browser/standalone.js');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs before the bundle: tells the zod inside it not to probe for eval (\`Function('')\`),
 * which the page's CSP blocks — harmless, zod falls back, but every load would report a
 * violation to a CSP report collector.
 */
export const REFERENCE_PRE_JS = `globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
`;

export const REFERENCE_INIT_JS = `Scalar.createApiReference('#app', {
  url: '/openapi.json',
  // A government service: no third-party calls from the reference (AI agent, MCP, telemetry, web fonts).
  agent: { disabled: true },
  mcp: { disabled: true },
  telemetry: false,
  withDefaultFonts: false,
  showDeveloperTools: 'never',
});
`;

/**
 * The page's Content-Security-Policy: its own scripts, the document from this server, no
 * framing. Scalar (Vue) writes <style> elements and style attributes at run time, hence
 * style-src 'unsafe-inline' (styles only; checked in Chromium, packages/server/test/limits.test.ts).
 */
export const REFERENCE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const referenceHtml = () => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Madang API reference</title>
</head>
<body>
  <noscript>The interactive reference needs JavaScript. The raw document is at <a href="/openapi.json">/openapi.json</a>.</noscript>
  <div id="app"></div>
  <script src="/reference/pre.js"></script>
  <script src="/reference/scalar.js"></script>
  <script src="/reference/init.js"></script>
</body>
</html>`;

#!/usr/bin/env node
/**
 * The demo behind `npm start`: the API on embedded PGlite (data in .madang/, kept across
 * restarts) with the demo site and polls, and the plain-HTML example served from another
 * origin — a real cross-origin embed under a strict Content-Security-Policy.
 *
 *   PORT (API, default 8787), DEMO_PORT (example page, default 8080), MADANG_DATA_DIR
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, VERSION } from '../packages/server/dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const apiPort = Number(process.env.PORT ?? 8787);
const pagePort = Number(process.env.DEMO_PORT ?? 8080);
const pageOrigins = [`http://localhost:${pagePort}`, `http://127.0.0.1:${pagePort}`];

let api;
try {
  api = await startServer({ port: apiPort, host: '127.0.0.1', dataDir: process.env.MADANG_DATA_DIR ?? join(root, '.madang') });
} catch (e) {
  console.error(`Could not start the API: ${e.message}${e.code === 'EADDRINUSE' ? ` (port ${apiPort} is taken; set PORT)` : ''}`);
  process.exit(1);
}
const demo = await api.ops.demo({ origins: pageOrigins });
const apiUrl = `http://localhost:${api.port}`;

const dir = join(root, 'examples', 'plain-html');
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
const fill = (html) =>
  html
    .replaceAll('%MADANG_API%', apiUrl)
    .replaceAll('%MADANG_VERSION%', VERSION)
    .replaceAll('%MADANG_SITE_KEY%', demo.site.publishableKey)
    .replaceAll('%MADANG_POLL_YESNO%', demo.polls.yesNo)
    .replaceAll('%MADANG_POLL_MULTIPLE%', demo.polls.multiple);

const page = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = normalize(join(dir, path === '/' ? 'index.html' : path));
  if (!file.startsWith(dir + sep) || !TYPES[extname(file)]) return res.writeHead(404).end('not found');
  try {
    const body = await readFile(file, 'utf8');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)],
      // The widgets must work without inline scripts, inline styles or eval.
      'Content-Security-Policy': `default-src 'self'; script-src 'self' ${apiUrl}; style-src 'self'; connect-src 'self' ${apiUrl}`,
      'Cache-Control': 'no-store',
    });
    res.end(extname(file) === '.html' ? fill(body) : body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
page.on('error', (e) => {
  console.error(`Could not serve the example page: ${e.message}${e.code === 'EADDRINUSE' ? ` (port ${pagePort} is taken; set DEMO_PORT)` : ''}`);
  process.exit(1);
});
page.listen(pagePort, '127.0.0.1', () => {
  console.log(`
  Madang demo is running.

    Example page   http://localhost:${pagePort}/      ← vote here; open it twice to watch results move
    API            ${apiUrl}   (PGlite in ${process.env.MADANG_DATA_DIR ?? '.madang/'})
    API reference  ${apiUrl}/reference
    Demo site      ${demo.site.id}  publishable key ${demo.site.publishableKey}${demo.site.secretKey ? `\n    Secret key     ${demo.site.secretKey}  (shown once; server side only)` : ''}

  Ctrl+C stops both.`);
});

const stop = async () => {
  page.close();
  await api.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

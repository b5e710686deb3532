/**
 * The demo behind `npm start`, as a function (scripts/demo.mjs runs it; the example-page test
 * starts it on free ports): the API with the demo site, polls and proposals, and the
 * plain-HTML example served from another origin — a real cross-origin embed under a strict
 * Content-Security-Policy.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, VERSION } from '../packages/server/dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'examples', 'plain-html');
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

const listen = (server, port) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });

/**
 * @param {{ apiPort?: number, pagePort?: number, dataDir?: string }} opts  port 0 = any free port
 * @returns the page and API addresses, the demo data, and close()
 */
export async function startDemo({ apiPort = 8787, pagePort = 8080, dataDir = join(root, '.madang') } = {}) {
  let fill = (html) => html;
  const page = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // Browsers ask for a favicon on their own; answer it rather than log a 404 in the console.
    if (path === '/favicon.ico') return res.writeHead(204).end();
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir + sep) || !TYPES[extname(file)]) return res.writeHead(404).end('not found');
    try {
      const body = await readFile(file, 'utf8');
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)],
        // The widgets must work without inline scripts, inline styles or eval.
        'Content-Security-Policy': page.csp,
        'Cache-Control': 'no-store',
      });
      res.end(extname(file) === '.html' ? fill(body) : body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  const boundPagePort = await listen(page, pagePort).catch((e) => {
    throw new Error(`could not serve the example page: ${e.message}${e.code === 'EADDRINUSE' ? ` (port ${pagePort} is taken; set DEMO_PORT)` : ''}`);
  });
  let api;
  try {
    api = await startServer({ port: apiPort, host: '127.0.0.1', dataDir });
  } catch (e) {
    page.close();
    throw new Error(`could not start the API: ${e.message}${e.code === 'EADDRINUSE' ? ` (port ${apiPort} is taken; set PORT)` : ''}`);
  }
  const demo = await api.ops.demo({ origins: [`http://localhost:${boundPagePort}`, `http://127.0.0.1:${boundPagePort}`] });
  const apiUrl = `http://localhost:${api.port}`;
  page.csp = `default-src 'self'; script-src 'self' ${apiUrl}; style-src 'self'; connect-src 'self' ${apiUrl}`;
  fill = (html) =>
    html
      .replaceAll('%MADANG_API%', apiUrl)
      .replaceAll('%MADANG_VERSION%', VERSION)
      .replaceAll('%MADANG_SITE_KEY%', demo.site.publishableKey)
      .replaceAll('%MADANG_POLL_YESNO%', demo.polls.yesNo)
      .replaceAll('%MADANG_POLL_MULTIPLE%', demo.polls.multiple)
      .replaceAll('%MADANG_BUDGET_TOTALS%', demo.budgets.totals)
      .replaceAll('%MADANG_BUDGET_FIELDS%', demo.budgets.fields2024)
      .replaceAll('%MADANG_BUDGET_MOHW%', demo.budgets.mohw2025);
  return {
    pageUrl: `http://localhost:${boundPagePort}/`,
    apiUrl,
    demo,
    async close() {
      await new Promise((r) => page.close(r));
      await api.close();
    },
  };
}

#!/usr/bin/env node
/**
 * `npm start`: the API on embedded PGlite (data in .madang/, kept across restarts) with the
 * demo site, polls and proposals, and the plain-HTML example page on another origin.
 *
 *   PORT (API, default 8787), DEMO_PORT (example page, default 8080), MADANG_DATA_DIR
 */
import { startDemo } from './demo-server.mjs';

let running;
try {
  running = await startDemo({
    apiPort: Number(process.env.PORT ?? 8787),
    pagePort: Number(process.env.DEMO_PORT ?? 8080),
    ...(process.env.MADANG_DATA_DIR ? { dataDir: process.env.MADANG_DATA_DIR } : {}),
  });
} catch (e) {
  console.error(`Madang demo: ${e.message}`);
  process.exit(1);
}
const { demo } = running;
console.log(`
  Madang demo is running.

    Example page   ${running.pageUrl}      ← vote, propose and support here; open it twice to watch results move
    API            ${running.apiUrl}   (PGlite in ${process.env.MADANG_DATA_DIR ?? '.madang/'})
    API reference  ${running.apiUrl}/reference
    Demo site      ${demo.site.id}  publishable key ${demo.site.publishableKey}${demo.site.secretKey ? `\n    Secret key     ${demo.site.secretKey}  (shown once; server side only)` : ''}

  Ctrl+C stops both.`);

const stop = async () => {
  await running.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

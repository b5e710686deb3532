/** The runnable examples run: examples/node-sdk against a real server. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { startTestServer } from '../src/testing.js';

const run = promisify(execFile);

test('[pglite] examples/node-sdk creates a poll, votes as a verified citizen, sees the vote live, imports a budget CSV and reads it', async () => {
  const srv = await startTestServer({ name: 'pglite' });
  try {
    const site = await srv.ops.createSite({ name: 'Example', origins: [] });
    const { stdout } = await run(process.execPath, [fileURLToPath(new URL('../../../examples/node-sdk/index.mjs', import.meta.url))], {
      env: {
        ...process.env,
        MADANG_API: srv.url,
        MADANG_PK: site.publishableKey,
        MADANG_SK: site.secretKey,
        MADANG_VOTER_SECRET: site.voterTokenSecret,
        MADANG_VOTER_AUDIENCE: site.voterTokenAudience,
      },
      timeout: 30_000,
    });
    assert.match(stdout, /created poll_\w+ \(open\)/);
    assert.match(stdout, /voted: receipt rcpt_/);
    assert.match(stdout, /second vote refused: 409 already-voted/);
    assert.match(stdout, /live: 1 vote\(s\); yes 1 \/ 1000/);
    assert.match(stdout, /closed\n/);
    assert.match(stdout, /imported: bds_\w+, \d+ lines, years 2024, 2025/);
    assert.match(stdout, /budget 2025 approved: 총지출 673,300,000,000,000 won \(2\.5% on the year before\)/);
    assert.match(stdout, /done\n$/);
  } finally {
    await srv.close();
  }
});

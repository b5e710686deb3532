/** The runnable examples run: examples/node-sdk against a real server. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { startTestServer } from '../src/testing.js';

const run = promisify(execFile);

test('[pglite] examples/node-sdk creates a poll, votes as a verified citizen and sees the vote live', async () => {
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
    assert.match(stdout, /closed; done/);
  } finally {
    await srv.close();
  }
});

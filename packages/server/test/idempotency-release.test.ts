/**
 * A failed request frees its Idempotency-Key so the client may retry, but only the key its own
 * process holds: a key another process has taken over (it had gone stale) keeps running there.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INSTANCE_ID } from '../src/db.js';
import { begin, release } from '../src/idempotency.js';
import { engines, startTestServer } from '../src/testing.js';

for (const engine of engines()) {
  describe(`[${engine.name}] idempotency key release`, () => {
    test(`[${engine.name}] release frees this process's running key, not one another process took over`, async () => {
      const srv = await startTestServer(engine);
      try {
        const { db } = srv;
        const state = async (key: string) =>
          (await db.query<{ state: string }>(`SELECT state FROM idempotency_keys WHERE site_id = 'site_x' AND key = $1`, [key]))[0]?.state;

        assert.deepEqual(await begin(db, 'site_x', 'own-key', 'hash'), { replay: null });
        assert.equal(await state('own-key'), 'running');
        await release(db, 'site_x', 'own-key');
        assert.equal(await state('own-key'), undefined, 'its own key is freed');

        await begin(db, 'site_x', 'taken-key', 'hash');
        await db.query(`UPDATE idempotency_keys SET owner = 'madang-other-process' WHERE site_id = 'site_x' AND key = 'taken-key'`);
        await release(db, 'site_x', 'taken-key');
        assert.equal(await state('taken-key'), 'running', 'a key another process took over keeps running');

        // Keys without an owner (streamed imports) are freed as before.
        await db.query(`INSERT INTO idempotency_keys (site_id, key, request_hash, state) VALUES ('site_x', 'streamed', 'streaming', 'running')`);
        await release(db, 'site_x', 'streamed');
        assert.equal(await state('streamed'), undefined);
        assert.ok(INSTANCE_ID.startsWith('madang-'));
      } finally {
        await srv.close();
      }
    });
  });
}

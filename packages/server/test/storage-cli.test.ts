import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { engines, freshPostgresDatabase } from '../src/testing.js';
import { startServer, type ServerOptions } from '../src/index.js';
import { call, createPoll, deviceId } from './helpers.js';
import { MIGRATIONS } from '../src/migrations.js';

const BIN = fileURLToPath(new URL('../bin/madang.js', import.meta.url));
const run = promisify(execFile);
const madang = (args: string[], env: Record<string, string | undefined> = {}) =>
  run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: undefined, ...env } });

for (const engine of engines()) {
  describe(`[${engine.name}] storage`, () => {
    test(`[${engine.name}] data survives a restart; migrations are applied once`, async () => {
      const database = engine.name === 'postgres' ? await freshPostgresDatabase() : undefined;
      const opts: ServerOptions = database ? { port: 0, databaseUrl: database.url } : { port: 0, dataDir: mkdtempSync(join(tmpdir(), 'madang-data-')) };
      try {
        const first = await startServer(opts);
        const site = await first.ops.createSite({ name: 'Persist', origins: [] });
        const poll = await createPoll(first.url, site, { kind: 'yes_no', question: { ko: '재시작' } });
        await call(first.url, `/v1/polls/${poll.id}/votes`, { key: site.publishableKey, body: { choices: ['yes'], deviceId: deviceId() } });
        await first.close();
        const second = await startServer(opts);
        try {
          const r = await call(second.url, `/v1/polls/${poll.id}/results`, { key: site.publishableKey });
          assert.equal(r.status, 200);
          assert.equal(r.json.totalVotes, 1);
          const migrations = await second.db.query('SELECT id FROM schema_migrations');
          assert.deepEqual(migrations.map((m) => m.id), MIGRATIONS.map((m) => m.id));
        } finally {
          await second.close();
        }
      } finally {
        await database?.drop();
      }
    });
  });
}

describe('[pglite] madang CLI', () => {
  test('[pglite] sites create on a stopped directory, then through the running server’s admin API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'madang-cli-'));
    const stopped = await madang(['sites', 'create', '--name', '서울시', '--origin', 'https://www.seoul.go.kr', '--json', '--data-dir', dir]);
    const s1 = JSON.parse(stopped.stdout);
    assert.match(s1.publishableKey, /^pk_/);
    assert.match(s1.secretKey, /^sk_/);
    assert.deepEqual(s1.origins, ['https://www.seoul.go.kr']);
    assert.equal(existsSync(join(dir, 'server.json')), false, 'the CLI released the directory');

    const server = await startServer({ port: 0, dataDir: dir });
    try {
      // While the server holds the directory, the CLI must not open it: it goes through the server.
      const human = await madang(['sites', 'create', '--name', '부산시', '--origin', 'https://www.busan.go.kr', '--data-dir', dir]);
      assert.match(human.stdout, /via server http:\/\/127\.0\.0\.1:\d+/);
      const running = JSON.parse((await madang(['sites', 'create', '--name', '대구시', '--json', '--data-dir', dir])).stdout);
      // The server knows both sites at once, which it could not if another process had written the files.
      for (const site of [s1, running]) {
        const created = await call(server.url, '/v1/polls', { key: site.secretKey, body: { kind: 'yes_no', question: { ko: 'x' } } });
        assert.equal(created.status, 201, created.text);
      }
      const pollFile = join(dir, 'poll.json');
      writeFileSync(pollFile, JSON.stringify({
        kind: 'single',
        question: { ko: '=HYPERLINK("http://evil")' },
        options: [{ id: 'a', label: { ko: '+1 찬성' } }, { id: 'b', label: { ko: '@반대' } }],
      }));
      const poll = JSON.parse((await madang(['polls', 'create', '--site-key', s1.secretKey, '--file', pollFile, '--json', '--data-dir', dir])).stdout);
      assert.match(poll.id, /^poll_/);
      for (const choice of ['a', 'b']) {
        const v = await call(server.url, `/v1/polls/${poll.id}/votes`, { key: s1.publishableKey, body: { choices: [choice], deviceId: deviceId() } });
        assert.equal(v.status, 201);
      }
      const csv = (await madang(['votes', 'export', '--poll', poll.id, '--data-dir', dir])).stdout;
      const lines = csv.replace(/^\uFEFF/, '').trim().split('\n');
      assert.equal(lines[0], 'receipt_id,poll_id,question,choice_ids,choice_labels,voter_kind,voted_at');
      assert.equal(lines.length, 3);
      assert.ok(lines.every((l) => !/,[=+\-@]/.test(l)), `no cell starts with a formula character:\n${csv}`);
      assert.match(csv, /'=HYPERLINK/);
      assert.match(csv, /'\+1 찬성|'@반대/);
      assert.doesNotMatch(csv, /dev:|sub:/, 'no voter identities in the export');

      const demo = JSON.parse((await madang(['demo', '--json', '--data-dir', dir])).stdout);
      assert.match(demo.polls.yesNo, /^poll_/);
      const again = JSON.parse((await madang(['demo', '--json', '--data-dir', dir])).stdout);
      assert.equal(again.site.id, demo.site.id, 'demo is reused, not duplicated');
      const demoPoll = await call(server.url, `/v1/polls/${demo.polls.yesNo}`, { key: demo.site.publishableKey });
      assert.equal(demoPoll.json.threshold.optionId, 'yes');
      assert.match(demoPoll.json.question.ko, /찬성하십니까/);

      // Secret-key rotation: a second key works at once; the old one stops working when revoked.
      const rotated = JSON.parse((await madang(['keys', 'create', '--site', s1.id, '--json', '--data-dir', dir])).stdout);
      assert.match(rotated.secretKey, /^sk_/);
      const withNew = await call(server.url, '/v1/polls', { key: rotated.secretKey, body: { kind: 'yes_no', question: { ko: '새 키' } } });
      assert.equal(withNew.status, 201);
      await madang(['keys', 'revoke', '--secret-key', s1.secretKey, '--data-dir', dir]);
      const withOld = await call(server.url, '/v1/polls', { key: s1.secretKey, body: { kind: 'yes_no', question: { ko: '옛 키' } } });
      assert.equal(withOld.status, 401);
      await assert.rejects(madang(['keys', 'revoke', '--secret-key', rotated.secretKey, '--data-dir', dir]), /last secret key/);

      await assert.rejects(startServer({ port: 0, dataDir: dir }), /in use by a Madang server/);
    } finally {
      await server.close();
    }
    assert.equal(existsSync(join(dir, 'server.json')), false);
  });

  test('[pglite] CLI errors are readable, with a non-zero exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'madang-cli-'));
    await assert.rejects(madang(['sites', 'create', '--name', 'x', '--origin', 'not a url', '--data-dir', dir]), (e: any) => {
      assert.equal(e.code, 1);
      assert.match(e.stderr, /origins\.0: must be an origin/);
      return true;
    });
    await assert.rejects(madang(['polls', 'create', '--site-key', 'sk_nope', '--file', join(dir, 'missing.json'), '--data-dir', dir]), /cannot read/);
    const help = await madang(['help']);
    assert.match(help.stdout, /sites create --name NAME/);
  });
});

if (process.env.DATABASE_URL) {
  describe('[postgres] madang CLI', () => {
    test('[postgres] sites create with DATABASE_URL opens PostgreSQL directly', async () => {
      const database = await freshPostgresDatabase();
      try {
        const site = JSON.parse((await madang(['sites', 'create', '--name', 'PG', '--json'], { DATABASE_URL: database.url })).stdout);
        const server = await startServer({ port: 0, databaseUrl: database.url });
        try {
          const created = await call(server.url, '/v1/polls', { key: site.secretKey, body: { kind: 'yes_no', question: { ko: 'x' } } });
          assert.equal(created.status, 201);
        } finally {
          await server.close();
        }
      } finally {
        await database.drop();
      }
    });
  });
}


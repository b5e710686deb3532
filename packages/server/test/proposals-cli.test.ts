import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { freshPostgresDatabase } from '../src/testing.js';
import { startServer } from '../src/index.js';
import { call, consentFor, submit } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/madang.js', import.meta.url));
const run = promisify(execFile);
const madang = (args: string[], env: Record<string, string | undefined> = {}) =>
  run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: undefined, ...env } });

const SETTINGS = {
  categories: [
    { id: 'welfare', label: { ko: '복지', en: 'Welfare' } },
    { id: 'transport', label: { ko: '교통', en: 'Transport' } },
  ],
  contact: 'optional',
  retentionDays: 30,
  minFillSeconds: 0,
};

/** RFC 4180 CSV (quoted cells may hold commas, quotes and newlines) as objects keyed by the header. */
function rowsOf(csv: string): Record<string, string>[] {
  const text = csv.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

describe('[pglite] madang proposals CLI', () => {
  test('[pglite] settings, the review queue, transitions, a formula-safe export and the retention purge, through the running server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'madang-pcli-'));
    const server = await startServer({ port: 0, dataDir: dir, rateLimit: { proposalsPerIpPerMinute: 1000 } });
    try {
      const site = JSON.parse((await madang(['sites', 'create', '--name', '행정안전부', '--json', '--data-dir', dir])).stdout);
      const file = join(dir, 'settings.json');
      writeFileSync(file, JSON.stringify(SETTINGS));
      const saved = await madang(['proposals', 'settings', '--site-key', site.secretKey, '--file', file, '--data-dir', dir]);
      assert.match(saved.stdout, /welfare \(복지\)/);
      assert.match(saved.stdout, /kept 30 days/);
      const read = await call(server.url, '/v1/proposal-settings', { key: site.publishableKey });
      assert.equal(read.json.retentionDays, 30, 'the running server sees the settings the CLI saved');
      await assert.rejects(madang(['proposals', 'settings', '--site-key', site.publishableKey, '--file', file, '--data-dir', dir]), /secret key/);

      const formula = '=HYPERLINK("http://x")';
      const filed = await submit(server.url, site, {
        title: formula,
        body: '+1 본문, 쉼표와\n줄바꿈',
        contact: { name: '@관리자', email: 'author@example.kr' },
        consent: consentFor(['name', 'email']),
      });
      assert.equal(filed.status, 201, filed.text);
      const plain = await submit(server.url, site, { title: '연락처 없는 제안' });
      assert.equal(plain.status, 201);

      const queue = JSON.parse((await madang(['proposals', 'list', '--site-key', site.secretKey, '--state', 'submitted', '--json', '--data-dir', dir])).stdout);
      assert.equal(queue.total, 2);
      assert.deepEqual(queue.items.map((p: any) => p.id).sort(), [filed.json.id, plain.json.id].sort());
      assert.equal(queue.items.find((p: any) => p.id === filed.json.id).contact.email, 'author@example.kr');
      const human = (await madang(['proposals', 'list', '--site-key', site.secretKey, '--data-dir', dir])).stdout;
      assert.match(human, /2 proposal\(s\) — page 1 of 1/);
      assert.match(human, new RegExp(`${filed.json.receiptNumber}\\s+submitted`));
      assert.match(human, /\[contact held\]/);

      const to = (state: string, ...extra: string[]) =>
        madang(['proposals', 'transition', '--site-key', site.secretKey, '--id', filed.json.id, '--to', state, ...extra, '--data-dir', dir]);
      assert.match((await to('under_review')).stdout, /is now under_review/);
      await to('published');
      await assert.rejects(to('accepted'), (e: any) => {
        assert.equal(e.code, 1);
        assert.match(e.stderr, /note/);
        return true;
      });
      await assert.rejects(to('implemented'), /cannot go from "published" to "implemented"/);
      const accepted = JSON.parse((await to('accepted', '--note', '채택합니다', '--note-en', 'Accepted', '--json')).stdout);
      assert.equal(accepted.state, 'accepted');
      assert.deepEqual(accepted.answer, { ko: '채택합니다', en: 'Accepted' });
      const pub = await call(server.url, `/v1/proposals/${filed.json.id}`, { key: site.publishableKey });
      assert.deepEqual(pub.json.answer, { ko: '채택합니다', en: 'Accepted' });

      const out = join(dir, 'proposals.csv');
      await madang(['proposals', 'export', '--site-key', site.secretKey, '--out', out, '--data-dir', dir]);
      const csv = readFileSync(out, 'utf8');
      assert.ok(csv.startsWith('\uFEFF'), 'BOM for spreadsheets');
      const rows = rowsOf(csv);
      assert.equal(rows.length, 2);
      const row = rows.find((r) => r.id === filed.json.id)!;
      assert.equal(row.title, `'${formula}`, 'a formula is exported as text');
      assert.equal(row.body, "'+1 본문, 쉼표와\n줄바꿈");
      assert.equal(row.contact_name, "'@관리자");
      assert.equal(row.contact_email, 'author@example.kr');
      assert.equal(row.state, 'accepted');
      assert.equal(row.answer_ko, '채택합니다');
      assert.equal(row.personal_data_purged_at, '');
      for (const r of rows) for (const [k, v] of Object.entries(r)) assert.doesNotMatch(v, /^[=+\-@\t\r]/, `${k} starts with a formula character`);

      // Retention: 31 days later the contact goes, the proposal stays; a second run deletes nothing.
      await server.db.query(`UPDATE proposals SET submitted_at = now() - interval '31 days' WHERE id = $1`, [filed.json.id]);
      const purge1 = JSON.parse((await madang(['proposals', 'purge-expired', '--json', '--data-dir', dir])).stdout);
      assert.deepEqual(purge1, { deleted: 1, proposals: [filed.json.id] });
      const purge2 = await madang(['proposals', 'purge-expired', '--data-dir', dir]);
      assert.match(purge2.stdout, /of 0 proposal\(s\)/);
      const after = rowsOf((await madang(['proposals', 'export', '--site-key', site.secretKey, '--data-dir', dir])).stdout).find((r) => r.id === filed.json.id)!;
      assert.equal(after.contact_name, '');
      assert.equal(after.contact_email, '');
      assert.notEqual(after.personal_data_purged_at, '');
      assert.equal(after.title, `'${formula}`);
      const admin = await call(server.url, `/v1/admin/proposals/${filed.json.id}`, { key: site.secretKey });
      assert.equal(admin.json.contact, null);
      assert.ok(admin.json.personalDataPurgedAt);
    } finally {
      await server.close();
    }
  });

  test('[pglite] the demo gets proposal settings and proposals in every public state, once; purge-expired on a stopped directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'madang-pcli-'));
    const demo = JSON.parse((await madang(['demo', '--json', '--data-dir', dir])).stdout);
    assert.equal(demo.created, true);
    assert.equal(demo.proposals.length, 6);
    const again = JSON.parse((await madang(['demo', '--json', '--data-dir', dir])).stdout);
    assert.deepEqual(again.proposals, demo.proposals, 'the demo is not duplicated');
    const list = JSON.parse((await madang(['proposals', 'list', '--site-key', demo.site.secretKey, '--json', '--data-dir', dir])).stdout);
    assert.equal(list.total, 6);
    const states = list.items.map((p: any) => p.state).sort();
    assert.deepEqual(states, ['accepted', 'forwarded', 'implemented', 'published', 'rejected', 'submitted']);
    const forwarded = list.items.find((p: any) => p.state === 'forwarded');
    assert.equal(forwarded.history.at(-1).actor, 'system', 'forwarded by reaching the threshold');
    assert.equal(forwarded.supportCount, 5);
    for (const p of list.items.filter((x: any) => x.state === 'accepted' || x.state === 'rejected')) assert.ok(p.answer?.ko && p.answer?.en);
    const server = await startServer({ port: 0, dataDir: dir });
    try {
      const settings = await call(server.url, '/v1/proposal-settings', { key: demo.site.publishableKey });
      assert.deepEqual(settings.json.categories.map((c: any) => c.label.ko), ['복지', '교통', '환경', '행정']);
      assert.equal(settings.json.supportThreshold, 5);
      assert.equal(settings.json.minFillSeconds, 3);
      assert.ok(settings.json.regions.length >= 3);
      const pub = await call(server.url, '/v1/proposals?sort=support', { key: demo.site.publishableKey });
      assert.equal(pub.json.total, 5, 'all but the one awaiting review are public');
    } finally {
      await server.close();
    }
    const purged = JSON.parse((await madang(['proposals', 'purge-expired', '--json', '--data-dir', dir])).stdout);
    assert.deepEqual(purged, { deleted: 0, proposals: [] });
  });

  test('[pglite] proposals commands say what they need', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'madang-pcli-'));
    await assert.rejects(madang(['proposals', 'transition', '--site-key', 'sk_x', '--data-dir', dir]), /needs --site-key sk_…, --id prop_… and --to STATE/);
    await assert.rejects(madang(['proposals', 'list', '--data-dir', dir]), /needs --site-key/);
    await assert.rejects(madang(['proposals', 'export', '--site-key', 'sk_nope', '--data-dir', dir]), /secret key/);
    const help = await madang(['help']);
    assert.match(help.stdout, /madang proposals purge-expired/);
  });
});

if (process.env.DATABASE_URL) {
  describe('[postgres] madang proposals CLI', () => {
    test('[postgres] purge-expired and transition with DATABASE_URL open PostgreSQL directly', async () => {
      const database = await freshPostgresDatabase();
      const env = { DATABASE_URL: database.url };
      try {
        const site = JSON.parse((await madang(['sites', 'create', '--name', 'PG', '--json'], env)).stdout);
        const server = await startServer({ port: 0, databaseUrl: database.url });
        try {
          const file = join(mkdtempSync(join(tmpdir(), 'madang-pcli-')), 'settings.json');
          writeFileSync(file, JSON.stringify(SETTINGS));
          await madang(['proposals', 'settings', '--site-key', site.secretKey, '--file', file], env);
          const filed = await submit(server.url, site, { contact: { phone: '010-0000-1111' }, consent: consentFor(['phone']) });
          assert.equal(filed.status, 201, filed.text);
          await madang(['proposals', 'transition', '--site-key', site.secretKey, '--id', filed.json.id, '--to', 'rejected', '--note', '중복 제안입니다'], env);
          const track = await call(server.url, `/v1/proposal-receipts/${filed.json.receiptNumber}?code=${filed.json.trackingCode}`, { key: site.publishableKey });
          assert.equal(track.json.state, 'rejected');
          assert.deepEqual(track.json.answer, { ko: '중복 제안입니다' });
          await server.db.query(`UPDATE proposals SET submitted_at = now() - interval '30 days 1 minute' WHERE id = $1`, [filed.json.id]);
          const purged = JSON.parse((await madang(['proposals', 'purge-expired', '--json'], env)).stdout);
          assert.deepEqual(purged, { deleted: 1, proposals: [filed.json.id] });
          assert.equal(JSON.parse((await madang(['proposals', 'purge-expired', '--json'], env)).stdout).deleted, 0);
        } finally {
          await server.close();
        }
      } finally {
        await database.drop();
      }
    });
  });
}

/**
 * `madang budgets import|list|delete`: through a running server that holds the PGlite directory
 * (the file is streamed to POST /v1/budgets with the site's secret key), on a stopped directory,
 * and on PostgreSQL (the CLI opens the database itself). Progress goes to stderr: plain lines
 * when stderr is not a terminal, as here.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { freshPostgresDatabase } from '../src/testing.js';
import { startServer } from '../src/index.js';
import { get } from './budget-helpers.js';

const BIN = fileURLToPath(new URL('../bin/madang.js', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../../examples/data/', import.meta.url));
const run = promisify(execFile);
const madang = (args: string[], env: Record<string, string | undefined> = {}) =>
  run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: undefined, ...env } });
const failing = async (args: string[], env: Record<string, string | undefined> = {}) => {
  const e = await madang(args, env).then(
    () => assert.fail(`madang ${args.join(' ')} should fail`),
    (x: { code: number; stdout: string; stderr: string }) => x,
  );
  assert.equal(e.code, 1);
  return e;
};

const BAD = '회계연도,분야명,예산액(천원)\n2024,일반행정,100\n2024,,200\n2024,사회복지,열\n';

describe('[pglite] madang budgets CLI', () => {
  test('[pglite] import (CSV and data package), list and delete through the running server; progress on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'madang-bcli-'));
    const server = await startServer({ port: 0, dataDir: dir });
    try {
      const at = ['--data-dir', dir];
      const site = JSON.parse((await madang(['sites', 'create', '--name', '기획재정부', '--json', ...at])).stdout);
      const csv = join(EXAMPLES, 'total-expenditure-2024-2025.csv');
      const meta = join(EXAMPLES, 'total-expenditure-2024-2025.meta.json');
      const first = await madang(['budgets', 'import', '--site-key', site.secretKey, '--file', csv, '--meta', meta, ...at]);
      assert.match(first.stdout, /^Imported budget dataset bds_\w+ "총지출 2024–2025: 정부안과 국회 확정" \(via server http:/);
      assert.match(first.stdout, /4 line\(s\) · years 2024, 2025 · proposed, approved · as of 2024-12-10/);
      assert.match(first.stderr, /importing: 0\.0 KB of [\d.]+ KB read \(0%\)\n/);
      assert.match(first.stderr, /read \(100%\)\nimporting: every byte read; checking and committing…\n/);
      const id = /bds_\w+/.exec(first.stdout)![0];
      const again = JSON.parse((await madang(['budgets', 'import', '--site-key', site.secretKey, '--file', csv, '--meta', meta, '--json', ...at])).stdout);
      assert.deepEqual({ id: again.dataset.id, created: again.created }, { id, created: false });

      const view = await get(server.url, site.publishableKey, `/v1/budgets/${id}/view`);
      assert.deepEqual(view.json.rows.map((r: any) => [r.name, r.amount]), [['총지출', 673_300_000_000_000]]);

      const pkg = JSON.parse((await madang(['budgets', 'import', '--site-key', site.secretKey, '--file', join(EXAMPLES, 'datapackage.json'), '--json', ...at])).stdout);
      assert.equal(pkg.created, true);
      assert.equal(pkg.dataset.title.ko, '보건복지부 2025년 예산 (국회 확정)');

      // Single flags instead of a meta file; CP949 bytes; the title flag wins over --meta.
      const cp = join(dir, 'cp949.csv');
      writeFileSync(cp, iconv.encode('회계연도,단계,분야명,금액(억원)\n2025,국회확정,보건,"183,041"\n', 'cp949'));
      const flags = JSON.parse(
        (await madang(['budgets', 'import', '--site-key', site.secretKey, '--file', cp, '--title', '보건 분야', '--source', '메디칼타임즈', '--as-of', '2024-12-10', '--json', ...at])).stdout,
      );
      assert.deepEqual({ title: flags.dataset.title, source: flags.dataset.source, years: flags.dataset.years }, {
        title: { ko: '보건 분야' },
        source: { name: { ko: '메디칼타임즈' }, url: null },
        years: [2025],
      });

      // A bad file: exit 1, one line per problem with its line and column; nothing imported.
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, BAD);
      const e = await failing(['budgets', 'import', '--site-key', site.secretKey, '--file', bad, '--title', 't', '--source', 's', '--as-of', '2025-01-01', ...at]);
      assert.match(e.stderr, /madang: 2 problems in the file; nothing was imported/);
      assert.match(e.stderr, /\n {2}line 3, column 분야명: empty classification \(분야\)\n {2}line 4, column 예산액\(천원\): not an amount in thousand: "열"\n/);
      await failing(['budgets', 'import', '--site-key', site.secretKey, '--file', bad, ...at]).then((x) => assert.match(x.stderr, /needs --meta/));
      await failing(['budgets', 'import', '--site-key', site.publishableKey, '--file', csv, '--meta', meta, ...at]).then((x) => assert.match(x.stderr, /secret key/));

      const list = JSON.parse((await madang(['budgets', 'list', '--site-key', site.secretKey, '--json', ...at])).stdout);
      assert.equal(list.items.length, 3);
      assert.match((await madang(['budgets', 'list', '--site-key', site.secretKey, ...at])).stdout, /^3 budget dataset\(s\)\n {2}bds_/);
      assert.match((await madang(['budgets', 'delete', '--site-key', site.secretKey, '--id', id, ...at])).stdout, new RegExp(`Deleted budget dataset ${id}`));
      await failing(['budgets', 'delete', '--site-key', site.secretKey, '--id', id, ...at]).then((x) => assert.match(x.stderr, /no budget dataset/));
      assert.equal((await get(server.url, site.publishableKey, `/v1/budgets/${id}`)).status, 404, 'the running server sees the deletion');
    } finally {
      await server.close();
    }
  });

  test('[pglite] import on a stopped data directory opens it itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'madang-bcli-'));
    const at = ['--data-dir', dir];
    const site = JSON.parse((await madang(['sites', 'create', '--name', 'x', '--json', ...at])).stdout);
    const r = await madang(['budgets', 'import', '--site-key', site.secretKey, '--file', join(EXAMPLES, 'datapackage.json'), ...at]);
    assert.match(r.stdout, new RegExp(`Imported budget dataset bds_\\w+ .*\\(via pglite ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
    const list = JSON.parse((await madang(['budgets', 'list', '--site-key', site.secretKey, '--json', ...at])).stdout);
    assert.deepEqual(list.items.map((d: any) => d.lineCount), [2]);
  });
});

if (process.env.DATABASE_URL) {
  describe('[postgres] madang budgets CLI', () => {
    test('[postgres] import, list and delete with DATABASE_URL', async () => {
      const db = await freshPostgresDatabase();
      try {
        const env = { DATABASE_URL: db.url };
        const site = JSON.parse((await madang(['sites', 'create', '--name', 'x', '--json'], env)).stdout);
        const file = join(EXAMPLES, 'budget-2024-proposal-by-field.csv');
        const meta = join(EXAMPLES, 'budget-2024-proposal-by-field.meta.json');
        const r = JSON.parse((await madang(['budgets', 'import', '--site-key', site.secretKey, '--file', file, '--meta', meta, '--json'], env)).stdout);
        assert.deepEqual({ created: r.created, lines: r.dataset.lineCount, phases: r.dataset.phases }, { created: true, lines: 12, phases: ['proposed'] });
        const again = JSON.parse((await madang(['budgets', 'import', '--site-key', site.secretKey, '--file', file, '--meta', meta, '--json'], env)).stdout);
        assert.equal(again.dataset.id, r.dataset.id);
        const bad = join(mkdtempSync(join(tmpdir(), 'madang-bcli-')), 'bad.csv');
        writeFileSync(bad, BAD);
        const e = await failing(['budgets', 'import', '--site-key', site.secretKey, '--file', bad, '--title', 't', '--source', 's', '--as-of', '2025-01-01'], env);
        assert.match(e.stderr, /line 3, column 분야명/);
        assert.match((await madang(['budgets', 'delete', '--site-key', site.secretKey, '--id', r.dataset.id], env)).stdout, /Deleted/);
        assert.deepEqual(JSON.parse((await madang(['budgets', 'list', '--site-key', site.secretKey, '--json'], env)).stdout), { items: [] });
      } finally {
        await db.drop();
      }
    });
  });
}

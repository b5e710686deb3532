/** Budget datasets through the SDK, against the real server: the admin import and delete, the public reads. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BudgetComparison, BudgetDataset, BudgetLinePage, BudgetView } from '@madang/contracts';
import { engines } from '@madang/server/testing';
import { createAdminClient, MadangApiError, MadangError, newIdempotencyKey, type BudgetImportMeta } from '../src/admin.js';
import { budgetQueryParams, createBudgetsClient, createClient } from '../src/index.js';
import { startEnv, type Env } from './helpers.js';

const META: BudgetImportMeta = {
  title: { ko: '시험 예산', en: 'Test budget' },
  source: { name: { ko: '시험' }, url: null },
  asOf: '2025-01-31',
};
const CSV = `회계연도,소관코드,소관명,분야코드,분야명,부문명,목명,정원,예산액(백만원),결산액(백만원)
2024,A,행정안전부,010,일반행정,지방행정,업무추진비,100,100,80
2025,A,행정안전부,010,일반행정,지방행정,업무추진비,100,120,
2025,B,보건복지부,080,사회복지,기초생활보장,업무추진비,50,300,
`;
const M = 1_000_000;

for (const engine of engines()) {
  const e = engine.name;
  describe(`[${e}] sdk budgets`, () => {
    let env: Env;
    let id: string;
    before(async () => {
      env = await startEnv(engine);
      const r = await env.admin.budgets.import(META, CSV);
      assert.equal(r.created, true);
      id = r.dataset.id;
    });
    after(() => env.close());
    const client = () => createClient({ baseUrl: env.srv.url, siteKey: env.site.publishableKey });

    test(`[${e}] admin import takes text, bytes, a stream or a Blob; the same content gives the same dataset`, async () => {
      const again = await env.admin.budgets.import(META, new TextEncoder().encode(CSV));
      assert.deepEqual(again, { dataset: again.dataset, created: false });
      assert.equal(again.dataset.id, id);
      assert.equal(BudgetDataset.safeParse(again.dataset).success, true);

      const bytes = new TextEncoder().encode(CSV);
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          // Cut inside a multi-byte character on purpose.
          c.enqueue(bytes.subarray(0, 5));
          c.enqueue(bytes.subarray(5));
          c.close();
        },
      });
      const streamed = await env.admin.budgets.import({ ...META, title: { ko: '스트림' } }, stream);
      assert.equal(streamed.created, true);
      const blob = await env.admin.budgets.import({ ...META, title: { ko: '블롭' } }, new Blob([CSV]));
      assert.equal(blob.created, true);
      // CP949 bytes (가나 = B0 A1 B3 AA) are detected.
      const cp949 = new Uint8Array([...new TextEncoder().encode('year,field,approved\n2025,'), 0xb0, 0xa1, 0xb3, 0xaa, ...new TextEncoder().encode(',7\n')]);
      const k = await env.admin.budgets.import({ ...META, title: { ko: 'cp949' } }, cp949);
      const lines = await client().budgets.lines(k.dataset.id);
      assert.deepEqual(lines.items.map((l) => [l.path[0]?.name, l.amount, l.phase]), [['가나', 7, 'approved']]);

      const key = newIdempotencyKey();
      const once = await env.admin.budgets.import({ ...META, title: { ko: '한 번' } }, CSV, { idempotencyKey: key });
      const twice = await env.admin.budgets.import({ ...META, title: { ko: '한 번' } }, CSV, { idempotencyKey: key });
      assert.deepEqual(twice, once, 'a retry with the same key gets the stored answer');
      const list = await env.admin.budgets.list();
      assert.equal(list.items.length, 5);
    });

    test(`[${e}] a bad file is a MadangApiError with line and column; nothing imported`, async () => {
      const before = (await env.admin.budgets.list()).items.length;
      const err = await env.admin.budgets.import(META, '회계연도,분야명,예산액\n2024,가,1\n2024,나,x\n').catch((x: unknown) => x);
      assert.ok(err instanceof MadangApiError, String(err));
      assert.equal(err.status, 422);
      assert.equal(err.slug, 'invalid-budget-file');
      assert.equal(err.field, '예산액');
      assert.deepEqual(err.problem.errors?.map((x) => [x.line, x.column, x.detail]), [[3, '예산액', 'not an amount in won: "x"']]);
      assert.equal(err.problem.errorCount, 1);
      assert.equal((await env.admin.budgets.list()).items.length, before);
      const meta = await env.admin.budgets.import({ ...META, asOf: 'yesterday' }, CSV).catch((x: unknown) => x);
      assert.ok(meta instanceof MadangApiError);
      assert.equal(meta.field, 'meta.asOf');
    });

    test(`[${e}] a Fiscal Data Package: descriptor and files by path`, async () => {
      const descriptor = {
        name: 'pkg',
        title: '패키지',
        created: '2025-02-01',
        sources: [{ title: '시험 출처' }],
        resources: [
          {
            path: 'a.csv',
            schema: {
              fields: [
                { name: 'y', columnType: 'date:fiscal-year' },
                { name: 'f', columnType: 'functional-classification:generic:level1:label' },
                { name: 'v', columnType: 'value', factor: 1_000_000, normalize: { phase: 'approved' } },
              ],
            },
          },
        ],
      };
      const r = await env.admin.budgets.importDataPackage(descriptor, { 'a.csv': 'y,f,v\n2025,국방,5\n' });
      assert.equal(r.created, true);
      assert.deepEqual([r.dataset.title, r.dataset.asOf, r.dataset.source.name], [{ ko: '패키지' }, '2025-02-01', { ko: '시험 출처' }]);
      const v = await client().budgets.view(r.dataset.id);
      assert.deepEqual(v.rows.map((x) => [x.name, x.amount]), [['국방', 5 * M]]);
      const titled = await env.admin.budgets.importDataPackage(descriptor, { 'a.csv': new Blob(['y,f,v\n2025,국방,5\n']) }, { title: { ko: '제목' } });
      assert.equal(titled.dataset.title.ko, '제목');
      await assert.rejects(env.admin.budgets.importDataPackage(descriptor, {}), MadangError);
    });

    test(`[${e}] the public client: list, get, view, comparison, lines — parsed with the contracts`, async () => {
      const c = client();
      const list = await c.budgets.list();
      assert.ok(list.items.some((d) => d.id === id));
      const ds = await c.budgets.get(id);
      assert.deepEqual([ds.years, ds.phases, ds.lineCount], [[2024, 2025], ['approved', 'executed'], 4]);

      const v = await c.budgets.view(id);
      assert.equal(BudgetView.safeParse(v).success, true);
      assert.deepEqual([v.year, v.phase, v.rowCount], [2025, 'approved', 2]);
      assert.deepEqual(v.rows.map((r) => [r.key, r.amount, r.previousAmount]), [
        ['080', 300 * M, null],
        ['010', 120 * M, 100 * M],
      ]);
      assert.equal(v.rows[1]!.change, (120 - 100) / 100);
      assert.deepEqual(v.total.amount, 420 * M);
      const drill = await c.budgets.view(id, { path: ['010'], year: 2024, sort: 'name' });
      assert.deepEqual(drill.path, [{ code: '010', name: '일반행정' }]);
      assert.deepEqual(drill.rows.map((r) => [r.name, r.executionRate]), [['지방행정', 0.8]]);
      const filtered = await c.budgets.view(id, { q: '사회', limit: 1 });
      assert.deepEqual(filtered.rows.map((r) => r.key), ['080']);

      const cmp = await c.budgets.comparison(id, { item: '업무추진비', sort: 'perStaff' });
      assert.equal(BudgetComparison.safeParse(cmp).success, true);
      assert.deepEqual(cmp.rows.map((r) => [r.key, r.perStaff]), [
        ['B', (300 * M) / 50],
        ['A', (120 * M) / 100],
      ]);
      const lines = await c.budgets.lines(id, { year: 2024, limit: 10 });
      assert.equal(BudgetLinePage.safeParse(lines).success, true);
      assert.deepEqual(lines.items.map((l) => [l.phase, l.amount]), [
        ['approved', 100 * M],
        ['executed', 80 * M],
      ]);
      // The budgets-only client reads the same.
      const only = createBudgetsClient({ baseUrl: env.srv.url, siteKey: env.site.publishableKey });
      assert.deepEqual(await only.view(id), v);
    });

    test(`[${e}] errors: a bad query names the field; another site's key sees no dataset; path keys with ">" are refused`, async () => {
      const c = client();
      const bad = await c.budgets.view(id, { year: 1900 }).catch((x: unknown) => x);
      assert.ok(bad instanceof MadangApiError);
      assert.deepEqual([bad.status, bad.field], [422, 'year']);
      const missing = await c.budgets.view(id, { path: ['999'] }).catch((x: unknown) => x);
      assert.ok(missing instanceof MadangApiError);
      assert.deepEqual([missing.status, missing.field], [404, 'path']);
      assert.throws(() => budgetQueryParams({ path: ['a>b'] }), MadangError);
      assert.deepEqual(budgetQueryParams({ path: ['010', '011'], year: 2025, limit: 5 }), {
        year: '2025',
        phase: undefined,
        path: '010>011',
        organization: undefined,
        q: undefined,
        sort: undefined,
        order: undefined,
        offset: undefined,
        limit: '5',
      });
      const other = await env.srv.ops.createSite({ name: 'other', origins: [] });
      const foreign = await createClient({ baseUrl: env.srv.url, siteKey: other.publishableKey }).budgets.get(id).catch((x: unknown) => x);
      assert.ok(foreign instanceof MadangApiError);
      assert.equal(foreign.status, 404);
      const otherAdmin = createAdminClient({ baseUrl: env.srv.url, secretKey: other.secretKey });
      await assert.rejects(otherAdmin.budgets.delete(id), (x: unknown) => x instanceof MadangApiError && x.status === 404);
    });

    test(`[${e}] admin delete`, async () => {
      const r = await env.admin.budgets.import({ ...META, title: { ko: '지울 것' } }, CSV);
      assert.deepEqual(await env.admin.budgets.delete(r.dataset.id), { id: r.dataset.id, deleted: true });
      await assert.rejects(env.admin.budgets.get(r.dataset.id), (x: unknown) => x instanceof MadangApiError && x.status === 404);
    });
  });
}

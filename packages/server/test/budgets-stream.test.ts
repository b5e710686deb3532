/**
 * A ~20 MB CSV streamed into POST /v1/budgets: the server's live JavaScript heap (sampled after a
 * full garbage collection, so garbage waiting to be collected does not count) must stay a small
 * fraction of the file. Loading the file, its decoded text or its lines would take more than the
 * file's size. A ratio, not a time: the machine's speed does not matter.
 *
 * PGlite keeps its database in WebAssembly memory (ArrayBuffers, outside the JS heap), so the heap
 * is the import pipeline's own memory on both engines; the process RSS is reported alongside.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, test } from 'node:test';
import { engines, startTestServer } from '../src/testing.js';
import { META } from './budget-helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;
const TARGET = 20 * MB;

/** A budget CSV of about `bytes` bytes with Korean names on all five levels; returns its record count. */
async function writeCsv(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  out.write('회계연도,소관코드,소관명,분야코드,분야명,부문코드,부문명,프로그램코드,프로그램명,단위사업코드,단위사업명,세부사업코드,세부사업명,목코드,목명,예산액(천원),결산액(천원),정원\n');
  let written = 0;
  let i = 0;
  while (written < bytes) {
    const org = i % 40;
    const line =
      `${2020 + (i % 5)},${1000 + org},기관${org},${10 + (i % 12)},분야${i % 12},${100 + (i % 50)},부문${i % 50},` +
      `${1000 + (i % 400)},프로그램${i % 400},${10000 + (i % 3000)},단위사업${i % 3000},${100000 + (i % 20000)},세부사업 ${i % 20000},` +
      `${200 + (i % 8)},목${i % 8},${(i * 7919) % 100_000_000},${(i * 104_729) % 90_000_000},${100 + org}\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
    written += Buffer.byteLength(line);
    i++;
  }
  await new Promise<void>((r) => out.end(() => r()));
  return i;
}

describe('budget import streams', () => {
  let dir: string;
  let file: string;
  let records: number;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'madang-stream-'));
    file = join(dir, 'budget.csv');
    records = await writeCsv(file, TARGET);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const engine of engines()) {
    test(`[${engine.name}] a 20 MB CSV imports with the server's heap growing by a small fraction of the file`, async (t) => {
      const srv = await startTestServer(engine);
      try {
        const site = await srv.ops.createSite({ name: 'stream', origins: [] });
        const size = statSync(file).size;
        // Warm up (code loaded, pools open) before the baseline.
        const warm = await fetch(`${srv.url}/v1/budgets?meta=${encodeURIComponent(JSON.stringify({ ...META, title: { ko: 'warm' } }))}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${site.secretKey}`, 'Content-Type': 'text/csv', 'Idempotency-Key': randomUUID() },
          body: '회계연도,분야명,예산액\n2024,가,1\n',
        });
        assert.equal(warm.status, 201);
        gc();
        const base = process.memoryUsage();
        let heapPeak = base.heapUsed;
        let rssPeak = base.rss;
        const sampler = setInterval(() => {
          gc();
          const m = process.memoryUsage();
          heapPeak = Math.max(heapPeak, m.heapUsed);
          rssPeak = Math.max(rssPeak, m.rss);
        }, 250);
        const started = Date.now();
        let res: Response;
        try {
          res = await fetch(`${srv.url}/v1/budgets?meta=${encodeURIComponent(JSON.stringify(META))}`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${site.secretKey}`, 'Content-Type': 'text/csv', 'Idempotency-Key': randomUUID() },
            body: Readable.toWeb(createReadStream(file, { highWaterMark: 64 * 1024 })) as ReadableStream,
            duplex: 'half',
          } as RequestInit);
        } finally {
          clearInterval(sampler);
        }
        const body = await res.json();
        assert.equal(res.status, 201, JSON.stringify(body).slice(0, 500));
        assert.equal(body.lineCount, records * 2, 'one approved and one executed line per record');
        const growth = heapPeak - base.heapUsed;
        t.diagnostic(
          `${engine.name}: ${(size / MB).toFixed(1)} MB, ${body.lineCount} lines in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
            `live heap +${(growth / MB).toFixed(1)} MB (${((100 * growth) / size).toFixed(1)} % of the file), ` +
            `RSS peak +${((rssPeak - base.rss) / MB).toFixed(1)} MB`,
        );
        assert.ok(growth < size / 4, `live heap grew by ${(growth / MB).toFixed(1)} MB importing ${(size / MB).toFixed(1)} MB`);

        // The import is complete and queryable.
        const v = await fetch(`${srv.url}/v1/budgets/${body.id}/view?year=2024`, { headers: { Authorization: `Bearer ${site.publishableKey}` } });
        const view = await v.json();
        assert.equal(v.status, 200);
        assert.equal(view.rowCount, 12);
      } finally {
        await srv.close();
      }
    });
  }
});

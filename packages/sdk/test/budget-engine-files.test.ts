/**
 * Static budget files (CSV in UTF-8, UTF-8 with BOM and CP949; Fiscal Data Package), amount
 * formatting, and the CSV export of a view.
 *
 *   node --import tsx --test packages/sdk/test/budget-engine-files.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BudgetLine } from '@madang/contracts';
import { budgetRowCsvColumns, createBudgetEngine, formatBudgetAmount, formatBudgetRatio, loadBudgetParsers, toCsv } from '../src/budget/index.js';
import { decodeBudgetText, parseBudgetCsv } from '../src/budget/csv.js';
import { parseBudgetDataPackage, planBudgetDataPackage } from '../src/budget/datapackage.js';
import { LINES } from './budget-engine.fixture.js';

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, '').match(/../g)!.map((b) => parseInt(b, 16)));
const node = (name: string, code: string | null = null) => ({ code, name });

const WIDE = [
  '회계연도,소관명,분야명,부문명,예산액(백만원),결산액(백만원)',
  '2025,보건복지부,사회복지,기초생활보장,"1,234",1000.5',
  '2025,교육부,교육,,200,',
].join('\r\n');
const WIDE_LINES: BudgetLine[] = [
  { year: 2025, phase: 'approved', organization: node('보건복지부'), path: [node('사회복지'), node('기초생활보장')], item: null, amount: 1_234_000_000, headcount: null, source: null },
  { year: 2025, phase: 'executed', organization: node('보건복지부'), path: [node('사회복지'), node('기초생활보장')], item: null, amount: 1_000_500_000, headcount: null, source: null },
  { year: 2025, phase: 'approved', organization: node('교육부'), path: [node('교육')], item: null, amount: 200_000_000, headcount: null, source: null },
];

/**
 * CP949 bytes (checked with iconv-lite's cp949 encoder): "회계연도,소관명,분야명,금액\r\n
 * 2025,보건복지부,사회복지,100\r\n".
 */
const CP949 = hex(`
  c8b8b0e8bfacb5b5 2c bcd2b0fcb8ed 2c bad0bedfb8ed 2c b1ddbed7 0d0a
  32303235 2c bab8b0c7bab9c1f6bace 2c bbe7c8b8bab9c1f6 2c 313030 0d0a`);
/** "세부사업명,금액\r\n똠방각하 지원,1\r\n": 똠 (8C 63) is a CP949 extension syllable, not in EUC-KR. */
const CP949_EXTENSION = hex(`bcbcbacebbe7bef7b8ed 2c b1ddbed7 0d0a 8c63b9e6b0a2c7cf20c1f6bff8 2c 31 0d0a`);

describe('budget CSV: encodings', () => {
  test('UTF-8 text, UTF-8 bytes, with and without BOM: the same lines', () => {
    assert.deepEqual(parseBudgetCsv(WIDE), { lines: WIDE_LINES });
    assert.deepEqual(parseBudgetCsv(`\uFEFF${WIDE}`), { lines: WIDE_LINES });
    const bytes = new TextEncoder().encode(WIDE);
    assert.deepEqual(parseBudgetCsv(bytes), { lines: WIDE_LINES });
    assert.deepEqual(parseBudgetCsv(bytes.buffer), { lines: WIDE_LINES });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    assert.deepEqual(parseBudgetCsv(bom), { lines: WIDE_LINES });
    assert.deepEqual(parseBudgetCsv(bom, { encoding: 'utf-8' }), { lines: WIDE_LINES });
  });

  test('CP949 bytes with Korean headers: detected, or given', () => {
    const expected = {
      lines: [{ year: 2025, phase: 'approved', organization: node('보건복지부'), path: [node('사회복지')], item: null, amount: 100, headcount: null, source: null }],
    };
    assert.deepEqual(parseBudgetCsv(CP949, { phase: 'approved' }), expected);
    assert.deepEqual(parseBudgetCsv(CP949, { phase: 'approved', encoding: 'cp949' }), expected);
    assert.equal(decodeBudgetText(CP949).slice(0, 4), '회계연도');
    const asUtf8 = parseBudgetCsv(CP949, { phase: 'approved', encoding: 'utf-8' });
    assert.ok('errors' in asUtf8 && /not valid UTF-8/.test(asUtf8.errors[0]!.reason));
    const bomCp949 = parseBudgetCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...CP949]), { encoding: 'cp949' });
    assert.ok('errors' in bomCp949 && /byte order mark/.test(bomCp949.errors[0]!.reason));
  });

  test('CP949 extension syllables: read where the runtime decodes all of CP949, else refused', () => {
    const full = new TextDecoder('euc-kr').decode(Uint8Array.of(0x8c, 0x63)) === '똠'; // browsers: yes; Node.js: no
    const r = parseBudgetCsv(CP949_EXTENSION, { year: 2025, phase: 'approved', columns: { path1Name: '세부사업명' } });
    if (full) assert.deepEqual('lines' in r && r.lines[0]!.path, [node('똠방각하 지원')]);
    else assert.ok('errors' in r && /CP949 extension characters/.test(r.errors[0]!.reason), JSON.stringify(r));
  });

  test('bytes that are not CP949 are an error naming the line and column', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('year,field,amount\n2025,'), 0xff, 0xfe, ...new TextEncoder().encode(',1\n')]);
    assert.deepEqual(parseBudgetCsv(bytes, { phase: 'approved' }), { errors: [{ line: 2, column: 'field', reason: 'bytes that are not valid CP949 (EUC-KR)' }] });
  });
});

describe('budget CSV: records and errors', () => {
  const HEAD = '회계연도,단계,분야명,부문명,금액';

  test('quoted fields (delimiters, quotes, line breaks), blank lines and separator-only rows', () => {
    const text = `${HEAD}\r\n2025,approved,사회복지,"기초""연금""\r\n지급",100\r\n\r\n,,,,\r\n2025,국회확정,"교육","a,b",7\r\n`;
    const r = parseBudgetCsv(text);
    assert.ok('lines' in r);
    assert.deepEqual(
      r.lines.map((l) => [l.phase, l.path.map((n) => n.name), l.amount]),
      [
        ['approved', ['사회복지', '기초"연금"\r\n지급'], 100],
        ['approved', ['교육', 'a,b'], 7],
      ],
    );
  });

  test('cell errors name the physical line (after a multi-line field) and the column', () => {
    const text = `${HEAD}\n2025,approved,사회복지,"두 줄\n이름",100\n2025,final,교육,x,abc\n2026,approved,교육,y,5`;
    assert.deepEqual(parseBudgetCsv(text), {
      errors: [
        { line: 4, column: '단계', reason: 'unknown phase "final" (정부안, 국회확정, 추경, 결산 or proposed, approved, adjusted, executed)' },
        { line: 4, column: '금액', reason: 'not an amount in won: "abc"' },
      ],
    });
    const two = `${HEAD}\n2025,approved,a,b,x\n2025,approved,a,b,y`;
    assert.equal((parseBudgetCsv(two) as { errors: unknown[] }).errors.length, 2);
    assert.equal((parseBudgetCsv(two, { maxErrors: 1 }) as { errors: unknown[] }).errors.length, 1);
  });

  test('malformed CSV, extra cells, NUL, empty file, header only, no amount column', () => {
    const err = (text: string) => (parseBudgetCsv(text) as { errors: { line: number; column: string | null; reason: string }[] }).errors;
    assert.deepEqual(err(`${HEAD}\n2025,approved,a,"b,1\n2025,approved,a,b,2`), [{ line: 2, column: null, reason: 'not readable as CSV: a quoted field is never closed' }]);
    assert.deepEqual(err(`${HEAD}\n2025,approved,a,"b"c,1`), [{ line: 2, column: null, reason: 'not readable as CSV: text after the closing quote of field 4' }]);
    assert.deepEqual(err(`${HEAD}\n2025,approved,a,b"c,1`), [{ line: 2, column: null, reason: 'not readable as CSV: a quote inside the unquoted field 4' }]);
    assert.deepEqual(err(`${HEAD}\n2025,approved,a,b,1,extra`), [{ line: 2, column: null, reason: '6 cells, but the header has 5' }]);
    assert.ok('lines' in parseBudgetCsv(`${HEAD}\n2025,approved,a,b,1,,`)); // empty extra cells are fine
    assert.deepEqual(err(`${HEAD}\n2025,approved,a\u0000,b,1`), [{ line: 2, column: '분야명', reason: 'contains a NUL character' }]);
    assert.deepEqual(err(''), [{ line: 1, column: null, reason: 'the file is empty (no header row)' }]);
    assert.deepEqual(err(`${HEAD}\n`), [{ line: 2, column: null, reason: 'the file has a header but no budget lines' }]);
    assert.deepEqual(err('회계연도,분야명\n2025,a'), [{ line: 1, column: null, reason: 'no amount column (금액, 예산액, 결산액 … or a mapping for amount)' }]);
    assert.deepEqual(err('분야명,금액\na,1'), [
      { line: 2, column: null, reason: 'no year: the file has no 회계연도 column and none was given' },
      { line: 2, column: null, reason: 'no phase: the file has no 단계 column and none was given' },
    ]);
  });

  test('options: column mapping, unit, year and phase for files without them, delimiter', () => {
    const r = parseBudgetCsv('Area;Money\n보건;1.5', { columns: { path1Name: 'Area', amount: 'Money' }, unit: 'thousand', year: 2024, phase: 'adjusted', delimiter: ';' });
    assert.deepEqual(r, { lines: [{ year: 2024, phase: 'adjusted', organization: node('-'), path: [node('보건')], item: null, amount: 1500, headcount: null, source: null }] });
  });

  test('the parsers load as their own module', async () => {
    const p = await loadBudgetParsers();
    assert.deepEqual(p.parseBudgetCsv(WIDE), { lines: WIDE_LINES });
    assert.equal(typeof p.parseBudgetDataPackage, 'function');
  });
});

describe('budget Fiscal Data Package', () => {
  const DESCRIPTOR = {
    name: 'moef-2025',
    title: '2025 예산',
    created: '2025-01-02T09:00:00Z',
    sources: [{ title: '기획재정부', path: 'https://www.moef.go.kr' }],
    resources: [
      {
        name: 'budget',
        path: 'data/budget.csv',
        schema: {
          fields: [
            { name: '연도', type: 'integer', columnType: 'date:fiscal-year' },
            { name: '부처', type: 'string', columnType: 'administrative-classification:generic:level1:label' },
            { name: '분야코드', type: 'string', columnType: 'functional-classification:generic:level1:code' },
            { name: '분야', type: 'string', columnType: 'functional-classification:generic:level1:label' },
            { name: '프로그램 이름', type: 'string', columnType: 'activity:generic:program:label' },
            { name: '본예산', type: 'number', columnType: 'value', factor: 1_000_000, normalize: { phase: 'approved' } },
            { name: '결산', type: 'number', columnType: 'value', factor: 1_000_000, normalize: { phase: 'executed' } },
          ],
          extraFields: [{ name: 'phase', type: 'string', columnType: 'phase:id' }],
        },
      },
    ],
  };
  const CSV = '연도,부처,분야코드,분야,프로그램 이름,본예산,결산\n2025,보건복지부,080,사회복지,기초생활,10,9\n';

  test('columnTypes map the columns; measures per phase; metadata', async () => {
    const asked: string[] = [];
    const r = await parseBudgetDataPackage(DESCRIPTOR, async (p) => {
      asked.push(p);
      return new TextEncoder().encode(CSV);
    });
    assert.deepEqual(asked, ['data/budget.csv']);
    const path = [node('사회복지', '080'), node('기초생활')];
    assert.deepEqual(r, {
      lines: [
        { year: 2025, phase: 'approved', organization: node('보건복지부'), path, item: null, amount: 10_000_000, headcount: null, source: null },
        { year: 2025, phase: 'executed', organization: node('보건복지부'), path, item: null, amount: 9_000_000, headcount: null, source: null },
      ],
      meta: { title: { ko: '2025 예산' }, source: { name: { ko: '기획재정부' }, url: 'https://www.moef.go.kr' }, asOf: '2025-01-02' },
    });
    const plan = planBudgetDataPackage(DESCRIPTOR);
    assert.ok('resources' in plan);
    assert.deepEqual(plan.resources[0]!.columns, {
      year: '연도',
      organizationName: '부처',
      path1Code: '분야코드',
      path1Name: '분야',
      path2Name: '프로그램 이름',
      amountApproved: '본예산',
      amountExecuted: '결산',
    });
    assert.equal(plan.resources[0]!.unit, 'million');
  });

  test('a `madang` object supplies what the file lacks; resource errors name the resource', async () => {
    // Every column the descriptor maps must be in the file; the year comes from `madang`.
    const fields = DESCRIPTOR.resources[0]!.schema.fields.filter((f) => f.name !== '연도');
    const descriptor = { ...DESCRIPTOR, madang: { year: 2024 }, resources: [{ ...DESCRIPTOR.resources[0]!, schema: { ...DESCRIPTOR.resources[0]!.schema, fields } }] };
    const noYear = '부처,분야코드,분야,프로그램 이름,본예산,결산\n교육부,050,교육,,1,\n';
    const r = await parseBudgetDataPackage(descriptor, async () => noYear);
    assert.ok('lines' in r);
    assert.deepEqual(r.lines.map((l) => [l.year, l.phase, l.amount]), [[2024, 'approved', 1_000_000]]);
    const bad = await parseBudgetDataPackage(DESCRIPTOR, async () => '연도,부처,분야코드,분야,프로그램 이름,본예산,결산\n2025,교육부,050,교육,,x,\n');
    assert.deepEqual(bad, { errors: [{ line: 2, column: '본예산', reason: 'data/budget.csv: not an amount in million: "x"' }] });
    const missing = await parseBudgetDataPackage(DESCRIPTOR, async () => {
      throw new Error('404');
    });
    assert.deepEqual(missing, { errors: [{ line: 1, column: null, reason: 'data/budget.csv: cannot be read (404)' }] });
  });

  test('what the server refuses is refused here too', () => {
    const reason = (d: unknown) => ('errors' in planBudgetDataPackage(d) ? (planBudgetDataPackage(d) as { errors: { reason: string }[] }).errors[0]!.reason : 'ok');
    assert.match(reason({ resources: [{ name: 'x', data: [[1]] }] }), /inline data is not supported/);
    assert.match(reason({ resources: [{ path: '../x.csv' }] }), /relative path inside the package/);
    assert.match(reason({ resources: [{ path: 'x.json' }] }), /only CSV resources/);
    assert.match(reason({ resources: [] }), /at least one CSV resource/);
    assert.match(reason('nope'), /a Data Package descriptor/);
    assert.match(reason({ resources: [{ path: 'x.csv', schema: { fields: [{ name: 'v', columnType: 'value', currency: 'USD' }] } }] }), /KRW/);
    assert.match(
      reason({ resources: [{ path: 'x.csv', schema: { fields: [{ name: 'a', columnType: 'value' }, { name: 'b', columnType: 'value' }] } }] }),
      /needs normalize with a phase/,
    );
    assert.equal(reason({ resources: [{ path: 'x.csv', encoding: 'EUC-KR' }] }), 'ok');
  });
});

describe('budget amounts formatted', () => {
  test('Korean: 조/억/만 with one decimal, exact with thousands separators and 원', () => {
    const ko = (won: number) => formatBudgetAmount(won, 'ko', { compact: true });
    assert.equal(ko(673_300_000_000_000), '673.3조원');
    assert.equal(ko(673_000_000_000_000), '673조원');
    assert.equal(ko(125_490_900_000_000), '125.5조원');
    assert.equal(ko(1_234_567_890), '12.3억원');
    assert.equal(ko(12_345), '1.2만원');
    assert.equal(ko(9_999), '9,999원'); // below 만: the exact figure, not "1만" or "1천"
    assert.equal(ko(-4_100_000_000_000), '-4.1조원');
    assert.equal(formatBudgetAmount(673_300_000_000_000, 'ko', { compact: true, unit: false }), '673.3조');
    assert.equal(formatBudgetAmount(673_300_000_000_000, 'ko'), '673,300,000,000,000원');
    assert.equal(formatBudgetAmount(0), '0원');
    assert.equal(formatBudgetAmount(NaN), '');
  });

  test('English: ₩ with T/B/K, exact with separators', () => {
    const en = (won: number) => formatBudgetAmount(won, 'en', { compact: true });
    assert.equal(en(673_300_000_000_000), '₩673.3T');
    assert.equal(en(1_234_567_890), '₩1.2B');
    assert.equal(en(12_345), '₩12.3K');
    assert.equal(en(-4_100_000_000_000), '-₩4.1T');
    assert.equal(formatBudgetAmount(673_300_000_000_000, 'en'), '₩673,300,000,000,000');
    assert.equal(formatBudgetAmount(673_300_000_000_000, 'en-GB'), '₩673,300,000,000,000');
  });

  test('ratios as percentages', () => {
    assert.equal(formatBudgetRatio(65 / 150, 'ko', { signed: true }), '+43.3%');
    assert.equal(formatBudgetRatio(-0.041, 'ko', { signed: true }), '-4.1%');
    assert.equal(formatBudgetRatio(0, 'ko', { signed: true }), '0.0%');
    assert.equal(formatBudgetRatio(0.75, 'en'), '75.0%');
    assert.equal(formatBudgetRatio(null), '–');
  });
});

describe('budget CSV export', () => {
  test('BOM, CRLF, RFC 4180 quoting, exact numbers, formula injection neutralised', () => {
    type R = Record<string, string | number | boolean | null>;
    const row: R = {
      formula: '=SUM(A1)',
      won: 673_300_000_000_000,
      ratio: 0.125,
      negative: -5,
      quoted: 'a,"b"\nc',
      none: null,
      tab: '\tx',
      plus: '+1',
      at: '@x',
      minus: '-x',
      cr: '\rx',
      yes: true,
      plain: '보건',
    };
    const columns = Object.keys(row).map((k) => ({ header: k, value: (r: R) => r[k] }));
    const csv = toCsv([row], columns);
    assert.equal(
      csv,
      '\uFEFFformula,won,ratio,negative,quoted,none,tab,plus,at,minus,cr,yes,plain\r\n' +
        `'=SUM(A1),673300000000000,0.125,-5,"a,""b""\nc",,'\tx,'+1,'@x,'-x,"'\rx",true,보건\r\n`,
    );
    assert.equal(toCsv([], [{ header: 'a', value: () => 1 }], { bom: false }), 'a\r\n');
    assert.equal(toCsv([9_007_199_254_740_991], [{ header: 'n', value: (n: number) => n }], { bom: false }), 'n\r\n9007199254740991\r\n');
  });

  test('exactly the rows of a filtered view, with the table columns', () => {
    const engine = createBudgetEngine(LINES);
    const all = engine.select({ year: 2025, sort: 'amount' });
    assert.equal(
      toCsv(all.rows(), budgetRowCsvColumns('ko')),
      '\uFEFF코드,이름,금액(원),전년도 금액(원),증감률,결산액(원),집행률\r\n' +
        `080,사회복지,215,150,${65 / 150},110,${110 / 215}\r\n` +
        '050,교육,200,200,0,150,0.75\r\n' +
        ',R&D,10,,,,\r\n',
    );
    const filtered = engine.select({ year: 2025, q: '교' });
    assert.equal(toCsv(filtered.rows(), budgetRowCsvColumns('en'), { bom: false }), 'Code,Name,Amount (KRW),Previous year (KRW),Change,Executed (KRW),Execution rate\r\n050,교육,200,200,0,150,0.75\r\n');
    const flat = engine.selectFlat({ year: 2025, q: '노' });
    assert.equal(toCsv(flat.rows(), budgetRowCsvColumns('ko', { path: true }), { bom: false }).split('\r\n')[1], '080>082,082,노인,65,50,0.3,,');
  });
});

describe('budget files by URL (readBudgetFile)', () => {
  test('a CSV and a data package over HTTP; an HTTP error and a malformed file resolve to errors; a dead server rejects', async () => {
    const { createServer } = await import('node:http');
    const files: Record<string, [string, string]> = {
      '/b.csv': ['text/csv', '\uFEFF회계연도,분야명,예산액(백만원)\n2025,사회복지,12\n'],
      '/bad.csv': ['text/csv', '회계연도,분야명,예산액\n2025,가,x\n'],
      '/pkg/datapackage.json': [
        'application/json',
        JSON.stringify({
          name: 'p',
          title: '패키지',
          created: '2025-02-01',
          resources: [{ name: 'r', path: 'data/r.csv', schema: { fields: [{ name: 'y', columnType: 'date:fiscal-year' }, { name: 'f', columnType: 'functional-classification:generic:level1:label' }, { name: 'v', columnType: 'value', normalize: { phase: 'approved' } }] } }],
        }),
      ],
      '/pkg/data/r.csv': ['text/csv', 'y,f,v\n2024,교육,5\n'],
      '/broken.json': ['application/json', '{ not json'],
    };
    const server = createServer((req, res) => {
      const f = files[req.url ?? ''];
      if (!f) return res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': f[0] }).end(f[1]);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const { readBudgetFile } = await loadBudgetParsers();
      const csv = await readBudgetFile(`${base}/b.csv`);
      assert.ok('lines' in csv);
      assert.deepEqual(csv.lines.map((l) => [l.year, l.phase, l.path[0]!.name, l.amount]), [[2025, 'approved', '사회복지', 12_000_000]]);
      const pkg = await readBudgetFile(new URL(`${base}/pkg/datapackage.json`));
      assert.ok('lines' in pkg);
      assert.deepEqual(pkg.lines.map((l) => [l.year, l.path[0]!.name, l.amount]), [[2024, '교육', 5]], 'resources relative to the descriptor');
      assert.deepEqual(await readBudgetFile(`${base}/missing.csv`), { status: 404, errors: [] });
      const bad = await readBudgetFile(`${base}/bad.csv`);
      assert.ok('errors' in bad && bad.status === null);
      assert.deepEqual(bad.errors.map((e) => [e.line, e.column]), [[2, '예산액']]);
      const broken = await readBudgetFile(`${base}/broken.json`);
      assert.ok('errors' in broken && broken.status === null && broken.errors[0]!.line === 1);
    } finally {
      server.close();
    }
    const { readBudgetFile } = await loadBudgetParsers();
    await assert.rejects(readBudgetFile(base + '/b.csv'), TypeError, 'a network failure rejects (fetch failed)');
  });
});

/**
 * Budget rules without zod: constants, node keys, and the one function that turns a CSV record
 * into budget lines (with the column mapping and its defaults for the headers Korean government
 * exports use). The server's streaming import and the widget's `src="budget.csv"` both use it,
 * so a file reads the same everywhere. Imported by browser code as
 * `@madang/contracts/budget-rules`, which keeps zod out of a widget that only reads files.
 */
import type { BudgetLine, BudgetNode, BudgetPhase } from './budget.js';

/** Phases in their canonical order: 정부안, 국회 확정, 추경, 결산. */
export const BUDGET_PHASES = ['proposed', 'approved', 'adjusted', 'executed'] as const;
export const BUDGET_PHASE_LABELS: Record<(typeof BUDGET_PHASES)[number], { ko: string; en: string }> = {
  proposed: { ko: '정부안', en: 'Government proposal' },
  approved: { ko: '국회 확정', en: 'Approved by the National Assembly' },
  adjusted: { ko: '추경', en: 'Supplementary budget' },
  executed: { ko: '결산', en: 'Executed (settled accounts)' },
};

/** The program-budget hierarchy: 분야 › 부문 › 프로그램 › 단위사업 › 세부사업. */
export const BUDGET_LEVELS = 5;
export const BUDGET_LEVEL_LABELS: readonly { ko: string; en: string }[] = [
  { ko: '분야', en: 'Field' },
  { ko: '부문', en: 'Sector' },
  { ko: '프로그램', en: 'Program' },
  { ko: '단위사업', en: 'Unit project' },
  { ko: '세부사업', en: 'Detailed project' },
];

/** The biggest amount a line may carry (won): below 2^53, so every won is exact in JSON. */
export const MAX_BUDGET_AMOUNT = 9_000_000_000_000_000;

/**
 * How a node is identified in queries and in `BudgetRow.key`: its code when it has one, else its
 * name. `budgetNodeKey` is the one function both engines use.
 */
export const budgetNodeKey = (n: BudgetNode) => n.code ?? n.name;

/** Line fields a column can fill. `path1Name` … `path5Code` are the five classification levels. */
export const BUDGET_FIELDS = [
  'year',
  'phase',
  'organizationCode',
  'organizationName',
  ...Array.from({ length: BUDGET_LEVELS }, (_, i) => [`path${i + 1}Code`, `path${i + 1}Name`] as const).flat(),
  'itemCode',
  'itemName',
  'amount',
  'amountProposed',
  'amountApproved',
  'amountAdjusted',
  'amountExecuted',
  'headcount',
  'source',
] as const;
export type BudgetField = (typeof BUDGET_FIELDS)[number];

/** Amount units a header can name: 원, 천원, 백만원, 억원. */
export const AMOUNT_UNITS = { won: 1, thousand: 1_000, million: 1_000_000, hundredMillion: 100_000_000 } as const;
export type AmountUnit = keyof typeof AMOUNT_UNITS;

/**
 * Default header names (compared after trimming, removing spaces and a trailing unit in
 * parentheses). A wide file with one amount column per phase (예산액, 결산액 …) gives one line
 * per non-empty phase column.
 */
export const DEFAULT_BUDGET_HEADERS: Record<BudgetField, readonly string[]> = {
  year: ['회계연도', '연도', '년도', 'year', 'fiscal_year', 'fiscalyear'],
  phase: ['단계', '예산단계', 'phase'],
  organizationCode: ['소관코드', '기관코드', 'organization_code', 'admin_code'],
  organizationName: ['소관명', '소관', '기관명', 'organization', 'organization_name', 'admin'],
  path1Code: ['분야코드', 'field_code'],
  path1Name: ['분야명', '분야', 'field'],
  path2Code: ['부문코드', 'sector_code'],
  path2Name: ['부문명', '부문', 'sector'],
  path3Code: ['프로그램코드', 'program_code'],
  path3Name: ['프로그램명', '프로그램', 'program'],
  path4Code: ['단위사업코드', 'unit_project_code'],
  path4Name: ['단위사업명', '단위사업', 'unit_project'],
  path5Code: ['세부사업코드', 'detailed_project_code', 'project_code'],
  path5Name: ['세부사업명', '세부사업', 'detailed_project', 'project'],
  itemCode: ['목코드', '목code', 'item_code', 'economic_code'],
  itemName: ['목명', '목', '비목', 'item', 'economic_item'],
  amount: ['금액', 'amount'],
  amountProposed: ['정부안', '정부안금액', '예산안', 'proposed'],
  amountApproved: ['예산액', '국회확정', '확정액', '본예산', '세출예산액', 'approved', 'budget'],
  amountAdjusted: ['추경', '추경예산액', '추경액', '예산현액', 'adjusted'],
  amountExecuted: ['결산액', '집행액', '지출액', 'executed', 'expenditure'],
  headcount: ['정원', '현원', '인원', 'headcount', 'staff'],
  source: ['출처', 'source'],
};

/** Phase names in a `phase` column, Korean or English. */
export const PHASE_NAMES: Record<string, BudgetPhase> = {
  정부안: 'proposed',
  예산안: 'proposed',
  proposed: 'proposed',
  국회확정: 'approved',
  확정: 'approved',
  본예산: 'approved',
  approved: 'approved',
  추경: 'adjusted',
  추가경정: 'adjusted',
  adjusted: 'adjusted',
  결산: 'executed',
  집행: 'executed',
  executed: 'executed',
};

const UNIT_IN_HEADER: [RegExp, AmountUnit][] = [
  [/백만\s*원|million/i, 'million'],
  [/억\s*원/, 'hundredMillion'],
  [/천\s*원|thousand/i, 'thousand'],
  [/원|won|krw/i, 'won'],
];

/** A header without spaces, case and a trailing unit: `예산액 (백만원)` → `예산액`. */
export const normalizeHeader = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .replace(/[(（[［][^)）\]］]*[)）\]］]\s*$/, '')
    .replace(/\s+/g, '')
    .toLowerCase();

/** The unit a header names, if any: `예산액(백만원)` → `million`. */
export function unitOfHeader(h: string): AmountUnit | undefined {
  const m = /[(（[［]([^)）\]］]*)[)）\]］]\s*$/.exec(h);
  if (!m) return undefined;
  for (const [re, unit] of UNIT_IN_HEADER) if (re.test(m[1]!)) return unit;
  return undefined;
}

/** A problem with one cell: 1-based line (of the file, header = 1) and the column's header. */
export interface BudgetCellError {
  line: number;
  column: string | null;
  reason: string;
}

/** The header row resolved against the mapping: field → column index and the amount units. */
export interface BudgetHeader {
  index: Partial<Record<BudgetField, number>>;
  units: Partial<Record<BudgetField, AmountUnit>>;
  headers: string[];
}

const AMOUNT_FIELDS = ['amount', 'amountProposed', 'amountApproved', 'amountAdjusted', 'amountExecuted'] as const;
const PHASE_OF_AMOUNT: Record<(typeof AMOUNT_FIELDS)[number], BudgetPhase | undefined> = {
  amount: undefined,
  amountProposed: 'proposed',
  amountApproved: 'approved',
  amountAdjusted: 'adjusted',
  amountExecuted: 'executed',
};

/**
 * Resolves a header row. Returns the errors instead when a mapped header is missing or the file
 * has no amount column or no level-1 name.
 */
export function resolveBudgetHeader(
  headers: string[],
  opts: { columns?: Partial<Record<BudgetField, string>>; unit?: AmountUnit } = {},
): { header: BudgetHeader } | { errors: BudgetCellError[] } {
  const normalized = headers.map(normalizeHeader);
  const index: BudgetHeader['index'] = {};
  const units: BudgetHeader['units'] = {};
  const errors: BudgetCellError[] = [];
  const claimed = new Set<number>();
  const take = (field: BudgetField, i: number) => {
    index[field] = i;
    claimed.add(i);
    if ((AMOUNT_FIELDS as readonly string[]).includes(field)) units[field] = unitOfHeader(headers[i]!) ?? opts.unit ?? 'won';
  };
  // Explicit mappings first; the defaults then only take columns nobody mapped, so a column
  // mapped to one field is never read as another one too.
  for (const field of BUDGET_FIELDS) {
    const explicit = opts.columns?.[field];
    if (explicit === undefined) continue;
    let i = headers.findIndex((h) => h.trim() === explicit.trim());
    if (i < 0) i = normalized.indexOf(normalizeHeader(explicit));
    if (i < 0) errors.push({ line: 1, column: explicit, reason: `column "${explicit}" mapped to ${field} is not in the header` });
    else take(field, i);
  }
  for (const field of BUDGET_FIELDS) {
    if (opts.columns?.[field] !== undefined) continue;
    for (const name of DEFAULT_BUDGET_HEADERS[field]) {
      const i = normalized.findIndex((h, j) => h === name.toLowerCase() && !claimed.has(j));
      if (i >= 0) {
        take(field, i);
        break;
      }
    }
  }
  if (!AMOUNT_FIELDS.some((f) => index[f] !== undefined))
    errors.push({ line: 1, column: null, reason: 'no amount column (금액, 예산액, 결산액 … or a mapping for amount)' });
  if (index.path1Name === undefined && index.path1Code === undefined)
    errors.push({ line: 1, column: null, reason: 'no classification column (분야명 … or a mapping for path1Name)' });
  return errors.length ? { errors } : { header: { index, units, headers } };
}

/** Parses an amount cell: `1,234`, `-5`, `1234.5` (in thousands → exact won), blank = none. */
export function parseAmount(cell: string, unit: AmountUnit): number | null | 'invalid' {
  const s = cell.trim().replace(/[,\s]/g, '').replace(/^\((.*)\)$/, '-$1');
  if (s === '' || s === '-') return null;
  if (!/^-?\d+(\.\d+)?$/.test(s)) return 'invalid';
  const [int, frac = ''] = s.replace('-', '').split('.');
  const scale = AMOUNT_UNITS[unit];
  const digits = Math.round(Math.log10(scale));
  if (frac.length > digits) return 'invalid'; // would not be a whole number of won
  const won = Number(int) * scale + (frac ? Number(frac.padEnd(digits, '0')) : 0);
  if (!Number.isSafeInteger(won) || won > MAX_BUDGET_AMOUNT) return 'invalid';
  return s.startsWith('-') && won !== 0 ? -won : won; // never -0
}

/**
 * One CSV record (cells in header order; `line` is its 1-based line in the file) → the budget
 * lines it holds (one per non-empty amount column), or the reasons it cannot be read.
 */
export function budgetLinesFromRecord(
  cells: readonly string[],
  line: number,
  header: BudgetHeader,
  defaults: { year?: number; phase?: BudgetPhase } = {},
): { lines: BudgetLine[] } | { errors: BudgetCellError[] } {
  const errors: BudgetCellError[] = [];
  const col = (f: BudgetField) => (header.index[f] === undefined ? null : header.headers[header.index[f]!]!);
  const cell = (f: BudgetField) => {
    const i = header.index[f];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const fail = (f: BudgetField | null, reason: string) => errors.push({ line, column: f ? col(f) : null, reason });

  let year = defaults.year;
  if (header.index.year !== undefined) {
    const y = Number(cell('year').replace(/년$/, ''));
    if (!Number.isInteger(y) || y < 1948 || y > 2100) fail('year', `not a fiscal year: "${cell('year')}"`);
    else year = y;
  } else if (year === undefined) fail(null, 'no year: the file has no 회계연도 column and none was given');

  let phase = defaults.phase;
  if (header.index.phase !== undefined && cell('phase') !== '') {
    const p = PHASE_NAMES[normalizeHeader(cell('phase'))];
    if (!p) fail('phase', `unknown phase "${cell('phase')}" (정부안, 국회확정, 추경, 결산 or proposed, approved, adjusted, executed)`);
    else phase = p;
  }

  const node = (codeF: BudgetField, nameF: BudgetField): BudgetNode | null => {
    const code = cell(codeF);
    const name = cell(nameF) || code;
    if (!name) return null;
    if (name.length > 200) {
      fail(nameF, 'longer than 200 characters');
      return null;
    }
    if (code.length > 40) {
      fail(codeF, 'code longer than 40 characters');
      return null;
    }
    return { code: code || null, name };
  };
  const organization = node('organizationCode', 'organizationName') ?? { code: null, name: '-' };
  const path: BudgetNode[] = [];
  for (let level = 1; level <= BUDGET_LEVELS; level++) {
    const n = node(`path${level}Code` as BudgetField, `path${level}Name` as BudgetField);
    if (!n) break;
    path.push(n);
  }
  if (path.length === 0) fail(header.index.path1Name !== undefined ? 'path1Name' : 'path1Code', 'empty classification (분야)');
  const item = node('itemCode', 'itemName');

  let headcount: number | null = null;
  if (cell('headcount') !== '') {
    const h = Number(cell('headcount').replace(/,/g, ''));
    if (!Number.isInteger(h) || h < 0) fail('headcount', `not a headcount: "${cell('headcount')}"`);
    else headcount = h;
  }
  const source = cell('source') || null;
  if (source && source.length > 500) fail('source', 'longer than 500 characters');

  const lines: BudgetLine[] = [];
  for (const f of AMOUNT_FIELDS) {
    if (header.index[f] === undefined) continue;
    const amount = parseAmount(cell(f), header.units[f] ?? 'won');
    if (amount === 'invalid') {
      fail(f, `not an amount in ${header.units[f] ?? 'won'}: "${cell(f)}"`);
      continue;
    }
    if (amount === null) continue;
    const linePhase = PHASE_OF_AMOUNT[f] ?? phase;
    if (!linePhase) {
      fail(null, 'no phase: the file has no 단계 column and none was given');
      continue;
    }
    if (year !== undefined) lines.push({ year, phase: linePhase, organization, path, item, amount, headcount, source });
  }
  return errors.length ? { errors } : { lines };
}

/** The small budget dataset of budget-engine.test.ts (see the table there), shared by the budget tests. */
import type { BudgetLine, BudgetNode, BudgetPhase } from '@madang/contracts';

export const MOHW = { code: '1351', name: '보건복지부' };
export const MOE = { code: '1341', name: '교육부' };
export const GEN = { code: '210-01', name: '일반수용비' };
export const BIZ = { code: '240-01', name: '업무추진비' };
export const TRIP = { code: '220-02', name: '국외업무여비' };
export const F1 = { code: '080', name: '사회복지' };
export const F1_RENAMED = { code: '080', name: '사회복지(변경)' };
export const F2 = { code: '050', name: '교육' };
export const F3 = { code: null, name: 'R&D' };
export const S11 = { code: '081', name: '기초생활보장' };
export const S12 = { code: '082', name: '노인' };
export const P111 = { code: '1000', name: '생계급여' };

export const line = (year: number, phase: BudgetPhase, organization: BudgetNode, path: BudgetNode[], item: BudgetNode | null, amount: number, headcount: number | null): BudgetLine => ({
  year,
  phase,
  organization,
  path,
  item,
  amount,
  headcount,
  source: null,
});

export const LINES: BudgetLine[] = [
  line(2024, 'approved', MOHW, [F1, S11, P111], GEN, 100, 800),
  line(2024, 'approved', MOHW, [F1, S12], BIZ, 50, 800),
  line(2024, 'approved', MOE, [F2], BIZ, 200, 600),
  line(2025, 'approved', MOHW, [F1, S11, P111], GEN, 120, 800),
  line(2025, 'approved', MOHW, [F1, S11], BIZ, 30, null),
  line(2025, 'approved', MOHW, [F1, S12], BIZ, 40, 800),
  line(2025, 'approved', MOE, [F2], BIZ, 200, 600),
  line(2025, 'approved', MOE, [F3], TRIP, 10, 600),
  line(2025, 'approved', MOE, [F1_RENAMED, S12], TRIP, 25, 600),
  line(2025, 'executed', MOHW, [F1, S11, P111], GEN, 110, 800),
  line(2025, 'executed', MOE, [F2], BIZ, 150, 600),
  line(2025, 'proposed', MOHW, [F1], null, 300, null),
  line(2026, 'proposed', MOHW, [F1], null, 500, null),
  line(2026, 'proposed', MOE, [F2], BIZ, -20, 600),
];


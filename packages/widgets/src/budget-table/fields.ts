/**
 * What the element and the flat view (lines.ts, loaded later) both need about budget lines.
 */
import type { BudgetLine, BudgetNode, BudgetPhase } from '@madang/contracts';

/** The phases in canonical order (as BUDGET_PHASES of @madang/contracts/budget-rules, restated to keep that module out of this bundle). */
export const BUDGET_PHASES: readonly BudgetPhase[] = ['proposed', 'approved', 'adjusted', 'executed'];

/** Sort keys of the flat view. */
export const LINE_SORTS = ['name', 'code', 'organization', 'path', 'item', 'amount'] as const;
export type LineSort = (typeof LINE_SORTS)[number];

/** The line's deepest classification node (세부사업 in a full path). */
export const leaf = (l: BudgetLine): BudgetNode => l.path[l.path.length - 1]!;

/** The classification above the line's deepest node, top first. */
export const parents = (l: BudgetLine): string =>
  l.path
    .slice(0, -1)
    .map((n) => n.name)
    .join(' › ');

/**
 * The errors <madang-budget-table> reports (besides the SDK's own): a wrong attribute, and data
 * that could not be read. Also used by the lazily loaded halves (api.ts, data.ts).
 */
import { WidgetConfigError, type ConfigReason } from '../shared/errors.js';

export type ConfigAttribute = 'api' | 'site-key' | 'dataset' | 'src' | 'data' | 'view' | 'year' | 'phase' | 'sort' | 'order' | 'q' | 'path' | 'item' | 'organization';

/** A missing or invalid attribute; shown to the visitor and sent with `madang-error`. */
export class MadangBudgetTableConfigError extends WidgetConfigError<ConfigAttribute> {
  constructor(attribute: ConfigAttribute, reason: ConfigReason) {
    super('madang-budget-table', attribute, reason);
    this.name = 'MadangBudgetTableConfigError';
  }
}

/**
 * The data could not be read: an HTTP status of a static file (413: too many lines for the flat
 * view over the API, the count as `errors[0].line`), or the parser's or engine's errors (line,
 * column, reason; line 0 when the data is not from a file).
 */
export class MadangBudgetDataError extends Error {
  constructor(
    readonly status: number | null,
    readonly errors: readonly { line: number; column: string | null; reason: string }[] = [],
  ) {
    super(`budget data: ${status ? `HTTP ${status}` : errors[0]?.reason}`);
    this.name = 'MadangBudgetDataError';
  }
}

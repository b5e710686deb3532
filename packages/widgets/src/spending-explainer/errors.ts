/** The configuration error of <madang-spending-explainer> (a wrong or missing attribute). */
import { WidgetConfigError, type ConfigReason } from '../shared/errors.js';

export type ExplainerConfigAttribute =
  | 'api'
  | 'site-key'
  | 'dataset'
  | 'src'
  | 'data'
  | 'totals-dataset'
  | 'totals-src'
  | 'year'
  | 'phase'
  | 'view'
  | 'population'
  | 'table-href';

export class MadangSpendingExplainerConfigError extends WidgetConfigError<ExplainerConfigAttribute> {
  constructor(attribute: ExplainerConfigAttribute, reason: ConfigReason) {
    super('madang-spending-explainer', attribute, reason);
    this.name = 'MadangSpendingExplainerConfigError';
  }
}

/** A static file that could not be read: its HTTP status, or what the parser said. */
export class MadangExplainerDataError extends Error {
  constructor(
    readonly status: number | null,
    readonly reason = '',
  ) {
    super(`budget data: ${status ? `HTTP ${status}` : reason}`);
    this.name = 'MadangExplainerDataError';
  }
}

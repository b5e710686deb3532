/**
 * Registers <madang-budget-table> (guarded, so loading a bundle twice is harmless) and re-exports the element
 * module: `@madang/widgets/budget-table` and the CDN entry `madang-budget-table.js` point here. The class
 * alone, without registering: `./madang-budget-table.ts` (`@madang/widgets/budget-table/class`).
 */
import { MadangBudgetTable } from './madang-budget-table.js';
import { noteCopy } from '../shared/copies.js';

export * from './madang-budget-table.js';

declare global {
  interface HTMLElementTagNameMap {
    'madang-budget-table': MadangBudgetTable;
  }
}

// A literal tag name (not the exported *_TAG constant) so custom-elements.json records it.
if (!customElements.get('madang-budget-table')) customElements.define('madang-budget-table', MadangBudgetTable);
noteCopy('madang-budget-table', MadangBudgetTable);

/**
 * Registers <madang-spending-explainer> (guarded, so loading a bundle twice is harmless) and re-exports the element
 * module: `@madang/widgets/spending-explainer` and the CDN entry `madang-spending-explainer.js` point here. The class
 * alone, without registering: `./madang-spending-explainer.ts` (`@madang/widgets/spending-explainer/class`).
 */
import { MadangSpendingExplainer } from './madang-spending-explainer.js';
import { noteCopy } from '../shared/copies.js';

export * from './madang-spending-explainer.js';

declare global {
  interface HTMLElementTagNameMap {
    'madang-spending-explainer': MadangSpendingExplainer;
  }
}

// A literal tag name (not the exported *_TAG constant) so custom-elements.json records it.
if (!customElements.get('madang-spending-explainer')) customElements.define('madang-spending-explainer', MadangSpendingExplainer);
noteCopy('madang-spending-explainer', MadangSpendingExplainer);

/**
 * Registers <madang-proposal-form> (guarded, so loading a bundle twice is harmless) and re-exports the element
 * module: `@madang/widgets/proposal-form` and the CDN entry `madang-proposal-form.js` point here. The class
 * alone, without registering: `./madang-proposal-form.ts` (`@madang/widgets/proposal-form/class`).
 */
import { MadangProposalForm } from './madang-proposal-form.js';
import { noteCopy } from '../shared/copies.js';

export * from './madang-proposal-form.js';

declare global {
  interface HTMLElementTagNameMap {
    'madang-proposal-form': MadangProposalForm;
  }
}

// A literal tag name (not the exported *_TAG constant) so custom-elements.json records it.
if (!customElements.get('madang-proposal-form')) customElements.define('madang-proposal-form', MadangProposalForm);
noteCopy('madang-proposal-form', MadangProposalForm);

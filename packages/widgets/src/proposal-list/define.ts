/**
 * Registers <madang-proposal-list> (guarded, so loading a bundle twice is harmless) and re-exports the element
 * module: `@madang/widgets/proposal-list` and the CDN entry `madang-proposal-list.js` point here. The class
 * alone, without registering: `./madang-proposal-list.ts` (`@madang/widgets/proposal-list/class`).
 */
import { MadangProposalList } from './madang-proposal-list.js';
import { noteCopy } from '../shared/copies.js';

export * from './madang-proposal-list.js';

declare global {
  interface HTMLElementTagNameMap {
    'madang-proposal-list': MadangProposalList;
  }
}

// A literal tag name (not the exported *_TAG constant) so custom-elements.json records it.
if (!customElements.get('madang-proposal-list')) customElements.define('madang-proposal-list', MadangProposalList);
noteCopy('madang-proposal-list', MadangProposalList);

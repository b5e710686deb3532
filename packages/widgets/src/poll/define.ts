/**
 * Registers <madang-poll> (guarded, so loading a bundle twice is harmless) and re-exports the element
 * module: `@madang/widgets/poll` and the CDN entry `madang-poll.js` point here. The class
 * alone, without registering: `./madang-poll.ts` (`@madang/widgets/poll/class`).
 */
import { MadangPoll } from './madang-poll.js';
import { noteCopy } from '../shared/copies.js';

export * from './madang-poll.js';

declare global {
  interface HTMLElementTagNameMap {
    'madang-poll': MadangPoll;
  }
}

// A literal tag name (not the exported *_TAG constant) so custom-elements.json records it.
if (!customElements.get('madang-poll')) customElements.define('madang-poll', MadangPoll);
noteCopy('madang-poll', MadangPoll);

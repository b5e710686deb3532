/**
 * The layout of the state history (historyTemplate in ./proposal-states.ts), in a module of its
 * own: the proposal list's static styles include it; the proposal form adopts it with its
 * on-demand receipt view (proposal-form/receipt.ts), which also brings the history itself.
 */
import { css } from 'lit';

/** Each widget adds its own spacing and text wrapping. */
export const historyStyles = css`
  .history {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 2);
  }
  .history ol {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 2);
    margin: 0;
    padding-inline-start: 1.5em;
  }
  .history li {
    display: flex;
    flex-wrap: wrap;
    gap: 0 calc(var(--_space) * 3);
  }
  .history-state {
    font-weight: 700;
  }
  .history time,
  .history-actor {
    color: var(--_muted);
  }
  .history-note {
    flex-basis: 100%;
  }
`;

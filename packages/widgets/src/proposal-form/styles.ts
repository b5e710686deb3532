/**
 * Styles of <madang-proposal-form>: the shared base (tokens, theming, buttons, choices,
 * messages, progress, forced colours; shared/base-styles.ts), then the form's own rules (the
 * receipt's and tracking view's arrive with them: receipt.ts). User text wraps anywhere
 * (overflow-wrap), so a 5,000-character word never widens the page.
 */
import { css } from 'lit';
import { baseStyles } from '../shared/base-styles.js';

export const proposalFormStyles = [
  baseStyles,
  css`
    /* The form's own colours (a darker border for its controls, and links); long user text never widens it. */
    .base {
      --_border: #6d7882;
      --_link: #0b50d0;
      min-inline-size: 0;
      max-inline-size: 100%;
    }
    @media (prefers-color-scheme: dark) {
      .base {
        --_border: #98a2ab;
        --_link: #9ec5ff;
      }
    }

    /* Reserve roughly the form's height while loading, so the host page does not jump. */
    .base[data-state='loading'] {
      min-block-size: 24em;
    }
    .skeleton span {
      block-size: 2.75em;
    }
    .skeleton span:nth-child(1) {
      inline-size: 60%;
      block-size: 1.5em;
    }
    .skeleton span:nth-child(3) {
      block-size: 8em;
    }

    ul,
    ol {
      margin: 0;
    }
    .subheading,
    .summary-title,
    .history h3,
    .answer h3 {
      font-size: 1.0625em;
      font-weight: 700;
      line-height: 1.4;
    }
    .notice-title {
      font-size: 1em;
      font-weight: 700;
    }

    .done,
    .tracking,
    .consent,
    .notice-box {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 4);
      margin: 0;
    }
    .notice-box {
      gap: calc(var(--_space) * 2);
      padding: calc(var(--_space) * 4);
      border-radius: var(--_radius);
      background: var(--_tint);
    }
    .field {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 1.5);
    }
    label {
      font-weight: 700;
    }
    .required {
      color: var(--_danger);
    }
    .optional {
      color: var(--_muted);
      font-weight: 400;
    }

    input[type='text'],
    input[type='email'],
    input[type='tel'],
    textarea,
    select {
      display: block;
      inline-size: 100%;
      max-inline-size: 100%;
      min-block-size: 44px;
      margin: 0;
      padding: calc(var(--_space) * 2) calc(var(--_space) * 3);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_fg);
      font: inherit;
      line-height: 1.5;
    }
    textarea {
      min-block-size: 12em;
      resize: vertical;
    }
    select {
      cursor: pointer;
    }
    .base [aria-invalid='true'] {
      border: 2px solid var(--_danger);
    }
    .counter {
      color: var(--_muted);
      font-size: 0.9375em;
      font-variant-numeric: tabular-nums;
    }
    .counter[data-over='true'],
    .field-error {
      color: var(--_danger);
      font-weight: 700;
    }

    .error-summary {
      padding: calc(var(--_space) * 4);
      border: 4px solid var(--_danger);
      border-radius: var(--_radius);
    }
    .error-summary ul {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 2);
      margin-block-start: calc(var(--_space) * 3);
      padding-inline-start: 1.25em;
    }
    .error-summary a {
      color: var(--_danger);
      font-weight: 700;
    }
    .error-summary:focus {
      outline: 3px solid var(--_fg);
      outline-offset: 2px;
    }

    .notice {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: var(--_space) 0;
    }
    .notice dt {
      font-weight: 700;
    }
    .notice dd {
      margin-block-end: calc(var(--_space) * 2);
    }
    .consent-item {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 3);
      min-inline-size: 0;
      margin: 0;
      padding: calc(var(--_space) * 3) calc(var(--_space) * 4) calc(var(--_space) * 4);
      border: 1px solid var(--_line);
      border-radius: var(--_radius);
    }
    legend {
      padding: 0 var(--_space);
      font-weight: 700;
    }
    .choices {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_space) * 2);
    }
    .choice {
      flex: 1 1 12em;
      font-weight: 400;
    }

    /* The honeypot: out of sight and out of the accessibility tree, but not display:none (bots skip those). */
    /* Out of sight without an offset: an offset of -10000px to the inline start becomes +10000px
       to the right inside dir="rtl" and gives the whole host page a horizontal scrollbar. */
    .hp {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      opacity: 0;
      white-space: nowrap;
    }
    .hp > label,
    .hp > input {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      min-block-size: 0;
      margin: 0;
      padding: 0;
      border: 0;
    }

    button {
      max-inline-size: 100%;
      text-align: center;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_space) * 3);
    }
    a {
      color: var(--_link);
    }
    input:focus-visible,
    textarea:focus-visible,
    select:focus-visible {
      outline: 3px solid var(--_fg);
      outline-offset: 0;
      box-shadow: 0 0 0 5px var(--_surface);
    }
    [tabindex='-1']:focus:not(.error-summary) {
      outline: none;
    }

    .message.draft-notice {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: calc(var(--_space) * 3);
    }
    .error-box,
    .progress {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 2);
    }

    @media (forced-colors: active) {
      .consent-item,
      .receipt {
        border-color: CanvasText;
      }
      .notice-box,
      .answer {
        border: 1px solid CanvasText;
      }
      .error-summary,
      .base [aria-invalid='true'] {
        border-color: Mark;
      }
      .error-summary:focus {
        outline-color: Highlight;
      }
    }
  `,
];

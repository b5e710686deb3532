/**
 * Styles of <madang-poll>, adopted by the shadow root (Lit `static styles`): no inline styles,
 * no <style> elements, so the widget works under a strict `style-src` CSP.
 *
 * Public theming API: exactly five custom properties, each falling back to the host page's KRDS
 * token and then to a default. Everything else (`--_*`) is private and set on `.base`, inside
 * the shadow root, so host-page CSS cannot reach it. Lengths are px/em only, never rem: KRDS
 * pages set `html { font-size: 62.5% }`, which would shrink rem-based widgets.
 */
import { css } from 'lit';

export const pollStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }

  .base {
    --_brand: var(--madang-color-brand, var(--krds-light-color-button-primary-fill, #256ef4));
    --_on-brand: var(--madang-color-on-brand, var(--krds-light-color-text-basic-inverse, #ffffff));
    --_font: var(--madang-font-family, var(--krds-typo-font-type, 'Pretendard GOV', 'Pretendard', system-ui, sans-serif));
    --_radius: var(--madang-radius, var(--krds-radius-medium2, 6px));
    --_space: var(--madang-space, var(--krds-gap-2, 4px));

    --_surface: #ffffff;
    --_fg: #1e2124;
    --_muted: #464c53;
    --_border: #8a949e;
    --_line: #d6dadd;
    --_track: #e6e8ea;
    --_danger: #bd2c0f;
    --_tint: #eef2fe;
    --_tint: color-mix(in srgb, var(--_brand) 9%, var(--_surface));

    box-sizing: border-box;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 4);
    padding: calc(var(--_space) * 5);
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_fg);
    color-scheme: light;
    font-family: var(--_font);
    font-size: max(1em, 16px);
    font-weight: 400;
    line-height: 1.5;
    letter-spacing: normal;
    text-align: start;
    text-transform: none;
    /* Korean reads best when words are not broken mid-syllable-block; long tokens still wrap. */
    word-break: keep-all;
    overflow-wrap: anywhere;
  }
  @media (prefers-color-scheme: dark) {
    .base {
      --_surface: #1e2124;
      --_fg: #f4f5f6;
      --_muted: #cdd1d5;
      --_border: #8a949e;
      --_line: #58616a;
      --_track: #464c53;
      --_danger: #ff9d8a;
      --_tint: #26304a;
      --_tint: color-mix(in srgb, var(--_brand) 22%, var(--_surface));
      color-scheme: dark;
    }
  }
  .base *,
  .base *::before,
  .base *::after {
    box-sizing: inherit;
  }

  /* Reserve roughly the final height while loading, so the host page does not jump. */
  .base[data-state='loading'] {
    min-block-size: 16em;
  }
  .skeleton {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 3);
  }
  .skeleton span {
    display: block;
    block-size: 1.25em;
    border-radius: var(--_radius);
    background: var(--_track);
  }
  .skeleton span:nth-child(1) {
    inline-size: 80%;
  }
  .skeleton span:nth-child(n + 2) {
    block-size: 2.75em;
  }

  p {
    margin: 0;
  }
  .question {
    margin: 0;
    padding: 0;
    font-size: 1.125em;
    font-weight: 700;
    line-height: 1.4;
  }
  .description {
    color: var(--_muted);
    white-space: pre-line;
  }
  .meta,
  .hint {
    color: var(--_muted);
    font-size: 0.9375em;
  }

  form {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 4);
    margin: 0;
  }
  fieldset {
    min-inline-size: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
    margin-block-end: calc(var(--_space) * 3);
  }
  .fields {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 3);
  }
  .options {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 2);
  }
  .option {
    display: flex;
    align-items: center;
    gap: calc(var(--_space) * 3);
    min-block-size: 44px;
    padding: calc(var(--_space) * 2) calc(var(--_space) * 3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .option:has(input:checked) {
    border-color: var(--_brand);
    box-shadow: inset 0 0 0 1px var(--_brand);
    background: var(--_tint);
  }
  .option:has(input:focus-visible) {
    outline: 2px solid var(--_fg);
    outline-offset: 2px;
  }
  .option input {
    flex: none;
    inline-size: 1.25em;
    block-size: 1.25em;
    margin: 0;
    accent-color: var(--_brand);
    cursor: pointer;
  }

  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: calc(var(--_space) * 2);
    min-block-size: 44px;
    min-inline-size: 44px;
    padding: calc(var(--_space) * 2) calc(var(--_space) * 5);
    border: 1px solid transparent;
    border-radius: var(--_radius);
    font: inherit;
    font-weight: 700;
    cursor: pointer;
  }
  .submit {
    align-self: flex-start;
    background: var(--_brand);
    color: var(--_on-brand);
  }
  .submit:hover {
    background: color-mix(in srgb, var(--_brand) 85%, #000000);
  }
  .submit[aria-disabled='true'] {
    cursor: progress;
    background: color-mix(in srgb, var(--_brand) 75%, var(--_surface));
  }
  .retry {
    align-self: flex-start;
    border-color: var(--_fg);
    background: var(--_surface);
    color: var(--_fg);
  }
  .retry:hover {
    background: var(--_tint);
  }
  :focus-visible {
    outline: 2px solid var(--_fg);
    outline-offset: 2px;
  }
  .option input:focus-visible {
    outline: none;
  }
  [tabindex='-1']:focus {
    outline: none;
  }

  .message {
    padding: calc(var(--_space) * 3);
    border-inline-start: 4px solid var(--_brand);
    border-radius: var(--_radius);
    background: var(--_tint);
  }
  .message.error {
    border-inline-start-color: var(--_danger);
    background: transparent;
    border: 1px solid var(--_danger);
    border-inline-start-width: 4px;
  }
  .form-error {
    color: var(--_danger);
    font-weight: 700;
  }
  .error-box {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 3);
  }

  .results {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 3);
  }
  .results-title {
    font-weight: 700;
  }
  .bars {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 3);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0 calc(var(--_space) * 3);
  }
  .label {
    font-weight: 700;
  }
  .mine {
    margin-inline-start: calc(var(--_space) * 2);
    color: var(--_muted);
    font-size: 0.875em;
    font-weight: 400;
  }
  .count {
    font-variant-numeric: tabular-nums;
  }
  .track {
    display: block;
    block-size: 0.75em;
    margin-block-start: var(--_space);
    border-radius: 999px;
    background: var(--_track);
    overflow: hidden;
  }
  .bar {
    display: block;
    block-size: 100%;
    inline-size: 0;
    min-inline-size: 0;
    border-radius: 999px;
    background: var(--_brand);
  }

  .threshold {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  .threshold-label {
    font-variant-numeric: tabular-nums;
  }
  progress {
    -webkit-appearance: none;
    appearance: none;
    display: block;
    inline-size: 100%;
    block-size: 0.75em;
    border: 0;
    border-radius: 999px;
    background: var(--_track);
    color: var(--_brand);
    overflow: hidden;
  }
  progress::-webkit-progress-bar {
    border-radius: 999px;
    background: var(--_track);
  }
  progress::-webkit-progress-value {
    border-radius: 999px;
    background: var(--_brand);
  }
  progress::-moz-progress-bar {
    border-radius: 999px;
    background: var(--_brand);
  }

  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    border: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }

  @media (prefers-reduced-motion: no-preference) {
    .bar {
      transition: inline-size 300ms ease-out;
    }
  }

  /* Windows high contrast and other forced-colours modes: system colours, bars stay visible. */
  @media (forced-colors: active) {
    .base,
    .option,
    .message,
    .retry {
      border-color: CanvasText;
    }
    .option:has(input:checked) {
      border-color: Highlight;
      box-shadow: inset 0 0 0 1px Highlight;
    }
    .submit,
    .retry {
      border: 1px solid ButtonText;
    }
    .track,
    progress {
      forced-color-adjust: none;
      border: 1px solid CanvasText;
      background: Canvas;
    }
    .bar,
    progress::-webkit-progress-value {
      forced-color-adjust: none;
      background: Highlight;
    }
    progress::-webkit-progress-bar {
      background: Canvas;
    }
    progress::-moz-progress-bar {
      background: Highlight;
    }
    .skeleton span {
      border: 1px solid CanvasText;
    }
    :focus-visible,
    .option:has(input:focus-visible) {
      outline-color: Highlight;
    }
  }
`;

/**
 * Markup every element renders the same way (styled by shared/base-styles.ts). Event listeners
 * passed in run with the element as `this`, as in its own templates.
 */
import { html, nothing, type TemplateResult } from 'lit';

/** An error message, and the retry button unless there is nothing to retry (`retry` undefined). */
export function errorBox(text: string, retry: (() => void) | undefined, retryLabel: string): TemplateResult {
  return html`
    <div class="error-box">
      <p part="message" class="message error" role="alert">${text}</p>
      ${retry ? html`<button part="retry" class="secondary" type="button" @click=${retry}>${retryLabel}</button>` : nothing}
    </div>
  `;
}

/** A form's submit button; while `sending` it is aria-disabled (so it keeps focus) and busy, saying so. */
export function submitButton(sending: boolean, label: string, sendingLabel: string): TemplateResult {
  return html`
    <button part="submit" class="primary" type="submit" aria-disabled=${sending ? 'true' : 'false'} aria-busy=${sending ? 'true' : 'false'}>
      ${sending ? sendingLabel : label}
    </button>
  `;
}

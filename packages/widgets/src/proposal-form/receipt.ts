/**
 * What <madang-proposal-form> shows after a proposal is sent: the receipt (receipt number and
 * tracking code) and the tracking view (a proposal's facts, its public answer and its state
 * history, looked up by receipt number and tracking code), with their Korean texts
 * and their styles. A visitor needs them only sometimes, so the element imports this module on
 * demand: before it sends a proposal (so the receipt can always be shown once the server has
 * it; a module that cannot be fetched fails the submit as "not sent yet") and with the proposal
 * it tracks. The form's entry stays small; the state labels and history layout
 * (shared/proposal-history.ts) come along only here.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { LocalizedText } from '@madang/contracts';
import type { Proposal, ProposalSettings } from '@madang/sdk';
import { historyStyles, historyTemplate } from '../shared/proposal-history.js';
import { stateLabels } from '../shared/proposal-states.js';
import type { Lang } from '../shared/lang.js';
import type { SubmittedReceipt } from './madang-proposal-form.js';

/** Korean; the English texts come with the English messages (messages-en.ts, `receipt`). */
export const receiptKo = {
  submitted: {
    heading: '제안이 접수되었습니다',
    receiptNumber: '접수번호',
    trackingCode: '확인 코드',
    keep: '접수번호와 확인 코드를 적어 두거나 화면을 저장해 두세요. 두 가지가 있으면 공개 전에도 처리 상황을 볼 수 있습니다. 확인 코드는 다시 보여 드릴 수 없습니다.',
    track: '이 제안의 처리 상황 보기',
    another: '새 제안 쓰기',
  },
  tracking: {
    heading: '제안 처리 상황',
    receiptNumber: '접수번호',
    title: '제목',
    body: '제안 내용',
    state: '현재 상태',
    category: '분야',
    submittedAt: '접수일',
    answer: '기관 답변',
    support: '공감',
    supports: (n: string) => `공감 ${n}명`,
  },
};

export type ReceiptTexts = typeof receiptKo;


/** Adopted after the element's own styles when this module arrives. */
export const receiptStyles = [
  historyStyles,
  css`
    .receipt {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_space) * 3) calc(var(--_space) * 8);
      padding: calc(var(--_space) * 4);
      border: 1px solid var(--_line);
      border-radius: var(--_radius);
      background: var(--_tint);
    }
    .receipt dt {
      color: var(--_muted);
      font-size: 0.9375em;
    }
    .code {
      font-family: ui-monospace, 'SFMono-Regular', Consolas, monospace;
      font-size: 1.25em;
      font-weight: 700;
      letter-spacing: 0.03em;
      word-break: break-all;
    }
    .facts .code {
      font-size: 1em;
    }
    .state {
      font-weight: 700;
    }
    .user-title {
      font-size: 1.125em;
      font-weight: 700;
      line-height: 1.4;
      unicode-bidi: isolate;
    }
    .user-text {
      white-space: pre-wrap;
      unicode-bidi: isolate;
    }
    .answer {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 2);
      padding: calc(var(--_space) * 4);
      border-inline-start: 4px solid var(--_brand);
      border-radius: var(--_radius);
      background: var(--_tint);
    }

    .history ol {
      gap: calc(var(--_space) * 3);
    }
    .history-note {
      white-space: pre-wrap;
      unicode-bidi: isolate;
    }
  `,
];

/** What the views need from the element (its language, formats and localized-text helpers). */
export interface ReceiptContext {
  lang: Lang;
  /** receiptKo, or the English messages' `receipt`. */
  texts: ReceiptTexts;
  settings: ProposalSettings | undefined;
  dateFormat: Intl.DateTimeFormat;
  text: (t: LocalizedText | null | undefined) => { value: string; lang?: string };
  date: (iso: string) => string;
  fmt: (n: number) => string;
  track: () => void;
  /** Offered after a submit ("write another"); not in the tracking view of the receipt attribute. */
  another: (() => void) | undefined;
}

export function submittedTemplate(r: SubmittedReceipt, c: ReceiptContext): TemplateResult {
  const m = c.texts.submitted;
  return html`
    <section class="done" aria-labelledby="done-heading">
      <h2 id="done-heading" part="heading" class="heading" tabindex="-1" data-focus>${m.heading}</h2>
      <dl part="receipt" class="receipt">
        <div>
          <dt>${m.receiptNumber}</dt>
          <dd part="receipt-number" class="code">${r.receiptNumber}</dd>
        </div>
        <div>
          <dt>${m.trackingCode}</dt>
          <dd part="tracking-code" class="code">${r.trackingCode}</dd>
        </div>
      </dl>
      <p>${m.keep}</p>
      <div class="actions">
        <button part="track" class="primary" type="button" @click=${c.track}>${m.track}</button>
        <button part="another" class="secondary" type="button" @click=${c.another}>${m.another}</button>
      </div>
    </section>
  `;
}

export function trackingTemplate(p: Proposal, c: ReceiptContext): TemplateResult {
  const m = c.texts.tracking;
  const category = c.settings?.categories.find((x) => x.id === p.category);
  const categoryLabel = category ? c.text(category.label) : { value: p.category };
  const answer = c.text(p.answer);
  return html`
    <section class="tracking" aria-labelledby="tracking-heading">
      <h2 id="tracking-heading" part="heading" class="heading" tabindex="-1" data-focus>${m.heading}</h2>
      <dl part="receipt" class="receipt facts">
        <div>
          <dt>${m.receiptNumber}</dt>
          <dd class="code">${p.receiptNumber}</dd>
        </div>
        <div>
          <dt>${m.state}</dt>
          <dd><strong part="state" class="state" data-state=${p.state}>${stateLabels[c.lang][p.state]}</strong></dd>
        </div>
        <div>
          <dt>${m.category}</dt>
          <dd lang=${ifDefined(categoryLabel.lang)}>${categoryLabel.value}</dd>
        </div>
        <div>
          <dt>${m.submittedAt}</dt>
          <dd><time datetime=${p.submittedAt}>${c.date(p.submittedAt)}</time></dd>
        </div>
        ${p.publishedAt
          ? html`<div>
              <dt>${m.support}</dt>
              <dd>${m.supports(c.fmt(p.supportCount))}</dd>
            </div>`
          : nothing}
      </dl>
      <h3 part="title" class="user-title" dir="auto">${p.title}</h3>
      <p part="body" class="user-text" dir="auto">${p.body}</p>
      ${answer.value
        ? html`<section part="answer" class="answer" aria-labelledby="answer-heading">
            <h3 id="answer-heading">${m.answer}</h3>
            <p class="user-text" dir="auto" lang=${ifDefined(answer.lang)}>${answer.value}</p>
          </section>`
        : nothing}
      ${historyTemplate(p.history, c.lang, c.dateFormat, 3)}
      ${c.another
        ? html`<div class="actions">
            <button part="another" class="secondary" type="button" @click=${c.another}>${c.texts.submitted.another}</button>
          </div>`
        : nothing}
    </section>
  `;
}

/**
 * The public state history of a proposal (who changed its state, when, with what note), as both
 * proposal widgets render it: <madang-proposal-form>'s tracking view and an expanded item of
 * <madang-proposal-list>. Each imports it on demand (the list when an item is first expanded),
 * with its layout (historyStyles, adopted after the element's styles). All user and staff text
 * is rendered as text.
 */
import { html, nothing } from 'lit';
import type { LocalizedText, ProposalActor, ProposalStateEvent } from '@madang/contracts';
import type { Lang } from './lang.js';
import { stateLabels } from './proposal-states.js';

export { historyStyles } from './history-styles.js';

export const actorLabels: Record<Lang, Record<ProposalActor, string>> = {
  ko: { author: '제안자', site: '담당 기관', system: '자동 (공감 기준 도달)' },
  en: { author: 'Proposer', site: 'Ministry staff', system: 'Automatic (support threshold reached)' },
};

const historyHeading: Record<Lang, string> = { ko: '처리 경과', en: 'State history' };

/** The text of a LocalizedText in `lang`, falling back to Korean. */
export const localized = (t: LocalizedText | null | undefined, lang: Lang) => (t ? (lang === 'en' && t.en) || t.ko : '');

/**
 * The public state history as an ordered list, oldest first. `headingLevel` keeps the host
 * page's outline: the widgets pass the level below their own heading.
 */
export function historyTemplate(history: readonly ProposalStateEvent[], lang: Lang, date: Intl.DateTimeFormat, headingLevel: 3 | 4 = 3) {
  const heading = historyHeading[lang];
  return html`<section part="history" class="history" aria-label=${heading}>
    ${headingLevel === 3 ? html`<h3>${heading}</h3>` : html`<h4>${heading}</h4>`}
    <ol>
      ${history.map(
        (e) => html`<li data-state=${e.state}>
          <span class="history-state">${stateLabels[lang][e.state]}</span>
          <time datetime=${e.at}>${date.format(new Date(e.at))}</time>
          <span class="history-actor">${actorLabels[lang][e.actor]}</span>
          ${e.note ? html`<p class="history-note" dir="auto">${localized(e.note, lang)}</p>` : nothing}
        </li>`,
      )}
    </ol>
  </section>`;
}

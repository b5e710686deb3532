/**
 * The public face of every Madang element for frameworks, in one place: the properties an app
 * may set and the events it may listen to, per tag. `@madang/widgets/jsx` (React 19) and
 * `@madang/widgets/vue` (Vue 3) build their typings from these; the lists are checked against
 * custom-elements.json by packages/widgets/test/frameworks.test.ts, so a new attribute or
 * event cannot be forgotten here.
 * Types only at run time: importing this module registers nothing.
 */
import type {
  MadangBudgetChangeEvent,
  MadangBudgetTable,
  MadangBudgetTableErrorEvent,
  MadangErrorEvent,
  MadangPoll,
  MadangProposalForm,
  MadangProposalFormErrorEvent,
  MadangProposalList,
  MadangProposalListErrorEvent,
  MadangProposalSubmittedEvent,
  MadangSpendingExplainer,
  MadangSpendingExplainerErrorEvent,
  MadangSupportEvent,
  MadangVoteEvent,
} from './index.js';

/** The element classes by tag. */
export interface MadangElements {
  'madang-poll': MadangPoll;
  'madang-proposal-form': MadangProposalForm;
  'madang-proposal-list': MadangProposalList;
  'madang-budget-table': MadangBudgetTable;
  'madang-spending-explainer': MadangSpendingExplainer;
}

export type MadangTag = keyof MadangElements;

/** The public, settable properties of each element (camelCase; each has an attribute unless noted in the widgets README). */
export const MADANG_ELEMENT_PROPERTIES = {
  'madang-poll': ['api', 'siteKey', 'poll', 'voterToken'],
  'madang-proposal-form': ['api', 'siteKey', 'receipt', 'code'],
  'madang-proposal-list': ['api', 'siteKey', 'sort', 'pageSize', 'category', 'voterToken'],
  'madang-budget-table': [
    'api', 'siteKey', 'datasetId', 'src', 'data', 'view', 'year', 'phase', 'sort', 'order', 'q', 'path',
    'item', 'organization', 'heading', 'source', 'sourceUrl', 'asOf',
  ],
  'madang-spending-explainer': [
    'api', 'siteKey', 'datasetId', 'src', 'data', 'totalsDatasetId', 'totalsSrc', 'totals', 'year', 'phase',
    'view', 'population', 'populationSource', 'tableHref', 'asOf', 'totalsAsOf', 'descriptions',
  ],
} as const satisfies { [T in MadangTag]: readonly (keyof MadangElements[T] & string)[] };

/** The events each element dispatches (all bubble and are composed), by name. */
export interface MadangElementEvents {
  'madang-poll': { 'madang-vote': MadangVoteEvent; 'madang-error': MadangErrorEvent };
  'madang-proposal-form': { 'madang-proposal-submitted': MadangProposalSubmittedEvent; 'madang-error': MadangProposalFormErrorEvent };
  'madang-proposal-list': { 'madang-support': MadangSupportEvent; 'madang-error': MadangProposalListErrorEvent };
  'madang-budget-table': { 'madang-budget-change': MadangBudgetChangeEvent; 'madang-error': MadangBudgetTableErrorEvent };
  'madang-spending-explainer': { 'madang-error': MadangSpendingExplainerErrorEvent };
}

/** The event names of each element, at run time (same as MadangElementEvents). */
export const MADANG_ELEMENT_EVENTS = {
  'madang-poll': ['madang-vote', 'madang-error'],
  'madang-proposal-form': ['madang-proposal-submitted', 'madang-error'],
  'madang-proposal-list': ['madang-support', 'madang-error'],
  'madang-budget-table': ['madang-budget-change', 'madang-error'],
  'madang-spending-explainer': ['madang-error'],
} as const satisfies { [T in MadangTag]: readonly (keyof MadangElementEvents[T])[] };

/** The properties an app may set on `<T>`, all optional, typed as on the element class. */
export type MadangElementProps<T extends MadangTag> = Partial<
  Pick<MadangElements[T], Extract<(typeof MADANG_ELEMENT_PROPERTIES)[T][number], keyof MadangElements[T]>>
>;

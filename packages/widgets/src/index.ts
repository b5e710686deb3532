/**
 * @madang/widgets: every Madang web component. Importing this module registers them all
 * (each registration is guarded, so a second copy of the bundle on a page is harmless). The
 * classes alone, registering nothing: `@madang/widgets/<element>/class` (e.g. `…/poll/class`).
 */
export {
  MadangPoll,
  MadangVoteEvent,
  MadangErrorEvent,
  MadangPollConfigError,
  POLL_TAG,
  type MadangVoteDetail,
  type MadangErrorDetail,
  type PollState,
} from './poll/define.js';
export { messages as pollMessages, type PollMessages, type Lang } from './poll/messages.js';
export {
  MadangProposalList,
  MadangSupportEvent,
  MadangProposalListErrorEvent,
  MadangProposalListConfigError,
  PROPOSAL_LIST_TAG,
  type MadangSupportDetail,
  type MadangProposalListErrorDetail,
  type ProposalListState,
} from './proposal-list/define.js';
export { messages as proposalListMessages, type ProposalListMessages } from './proposal-list/messages.js';
export {
  MadangProposalForm,
  MadangProposalSubmittedEvent,
  MadangProposalFormErrorEvent,
  MadangProposalFormConfigError,
  MadangProofOfWorkError,
  PROPOSAL_FORM_TAG,
  type MadangProposalSubmittedDetail,
  type MadangProposalFormErrorDetail,
  type ProposalFormState,
  type SubmittedReceipt,
} from './proposal-form/define.js';
export { messages as proposalFormMessages, type ProposalFormMessages } from './proposal-form/messages.js';
export {
  MadangBudgetTable,
  MadangBudgetChangeEvent,
  MadangBudgetTableErrorEvent,
  MadangBudgetTableConfigError,
  MadangBudgetDataError,
  BUDGET_TABLE_TAG,
  BUDGET_TABLE_VIEWS,
  BUDGET_TABLE_SORTS,
  type MadangBudgetChangeDetail,
  type MadangBudgetTableErrorDetail,
  type BudgetTableState,
  type BudgetTableView,
} from './budget-table/define.js';
export type { BudgetTableMessages } from './budget-table/messages.js';
import { ko as budgetTableKo } from './budget-table/messages.js';
import { en as budgetTableEn } from './budget-table/messages-en.js';
/** <madang-budget-table>'s strings (its CDN entry imports the English ones on demand). */
export const budgetTableMessages = { ko: budgetTableKo, en: budgetTableEn };
export {
  MadangSpendingExplainer,
  MadangSpendingExplainerErrorEvent,
  MadangSpendingExplainerConfigError,
  SPENDING_EXPLAINER_TAG,
  type MadangSpendingExplainerErrorDetail,
  type SpendingExplainerState,
  type SpendingExplainerView,
} from './spending-explainer/define.js';
export type { ExplainerMessages as SpendingExplainerMessages } from './spending-explainer/messages.js';
import { ko as spendingExplainerKo } from './spending-explainer/messages.js';
import { en as spendingExplainerEn } from './spending-explainer/messages-en.js';
/** <madang-spending-explainer>'s strings (its CDN entry imports the English ones on demand). */
export const spendingExplainerMessages = { ko: spendingExplainerKo, en: spendingExplainerEn };

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
export type { PollMessages, Lang } from './poll/messages.js';
import { ko as pollKo } from './poll/messages.js';
import { en as pollEn } from './poll/messages-en.js';
/** <madang-poll>'s strings (its CDN entry imports the English ones on demand). */
export const pollMessages = { ko: pollKo, en: pollEn };
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
export type { ProposalListMessages } from './proposal-list/messages.js';
import { ko as proposalListKo } from './proposal-list/messages.js';
import { en as proposalListEn } from './proposal-list/messages-en.js';
/** <madang-proposal-list>'s strings (its CDN entry imports the English ones on demand). */
export const proposalListMessages = { ko: proposalListKo, en: proposalListEn };
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
export type { ProposalFormMessages } from './proposal-form/messages.js';
import { ko as proposalFormKo } from './proposal-form/messages.js';
import { en as proposalFormEn } from './proposal-form/messages-en.js';
/** <madang-proposal-form>'s strings (its CDN entry imports the English ones on demand). */
export const proposalFormMessages = { ko: proposalFormKo, en: proposalFormEn };
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

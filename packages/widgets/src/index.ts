/**
 * @madang/widgets: every Madang web component. Importing this module registers them all
 * (each registration is guarded, so a second copy of the bundle on a page is harmless).
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
} from './poll/madang-poll.js';
export { messages as pollMessages, type PollMessages, type Lang } from './poll/messages.js';

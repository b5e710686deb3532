/**
 * JSX typings for React 19, which passes properties and `on<event-name>` listeners to custom
 * elements natively:
 *
 *   import '@madang/widgets';              // registers the elements (before the first render)
 *   import type {} from '@madang/widgets/jsx';
 *
 *   <madang-poll api={api} siteKey={key} poll={id} onmadang-vote={(e) => setVote(e.detail)} />
 *
 * Props are the elements' public properties (camelCase: `siteKey`, `datasetId`, … — React sets
 * them as properties once the element is defined); events are `on` + the event name
 * (`onmadang-vote`, `onmadang-error`, …), typed with the element's event class. Needs
 * @types/react 19 in the app (the `react` module augmented here is the app's own).
 */
import type { MadangElementEvents, MadangElementProps, MadangElements, MadangTag } from './element-types.js';

export type { MadangElementEvents, MadangElementProps, MadangElements, MadangTag } from './element-types.js';

/** `on<event-name>` listeners of `<T>`, as React 19 attaches them to a custom element. */
export type MadangReactEvents<T extends MadangTag> = {
  [E in keyof MadangElementEvents[T] & string as `on${E}`]?: (event: MadangElementEvents[T][E]) => void;
};

// @ts-ignore -- resolved in the app, which has @types/react; @madang/widgets does not depend on React
type ReactBase<El> = import('react').HTMLAttributes<El> & import('react').RefAttributes<El>;

/** Everything `<T>` accepts in JSX: its properties, its events and React's common HTML attributes. */
export type MadangReactProps<T extends MadangTag> = MadangElementProps<T> &
  MadangReactEvents<T> &
  Omit<ReactBase<MadangElements[T]>, keyof MadangElementProps<T>>;

// @ts-ignore -- see ReactBase
declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'madang-poll': MadangReactProps<'madang-poll'>;
      'madang-proposal-form': MadangReactProps<'madang-proposal-form'>;
      'madang-proposal-list': MadangReactProps<'madang-proposal-list'>;
      'madang-budget-table': MadangReactProps<'madang-budget-table'>;
      'madang-spending-explainer': MadangReactProps<'madang-spending-explainer'>;
    }
  }
}

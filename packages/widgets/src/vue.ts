/**
 * Template typings for Vue 3 (vue-tsc / Vue - Official in the editor): registers every Madang
 * element in Vue's `GlobalComponents`, with its properties as props and its events as emits.
 *
 *   // vite.config.ts: vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('madang-') } } })
 *   import '@madang/widgets';              // registers the elements (before mounting)
 *   import type {} from '@madang/widgets/vue';
 *
 *   <madang-poll :api="api" :siteKey="key" :poll="id" @madang-vote="(e) => (vote = e.detail)" />
 *
 * Bind in camelCase (`:siteKey`, `:datasetId`, `:data`): Vue sets a name the element has as a
 * property. A hyphenated name is set as an attribute instead — fine for `:site-key`, but not for
 * `:dataset-id` (the attribute is `dataset`) nor for object values (`data`, `totals`, `path`).
 *
 * The shape is the one Vue's guide recommends for custom elements not built with Vue
 * (`DefineCustomElement`). Needs vue ≥ 3.5 in the app (the `vue` module augmented here is the app's own).
 */
import type { MadangElementEvents, MadangElementProps, MadangElements, MadangTag } from './element-types.js';

export type { MadangElementEvents, MadangElementProps, MadangElements, MadangTag } from './element-types.js';

// @ts-ignore -- resolved in the app, which has vue; @madang/widgets does not depend on Vue
type VueHTMLAttributes = import('vue').HTMLAttributes;
// @ts-ignore -- see VueHTMLAttributes
type VuePublicProps = import('vue').PublicProps;
// @ts-ignore -- see VueHTMLAttributes
type VueEmitFn<Options> = import('vue').EmitFn<Options>;

/** `<T>` as a Vue component type: props from the element's properties, emits from its events. */
export type MadangVueElement<T extends MadangTag> = new () => MadangElements[T] & {
  /** @deprecated For template type checking only; do not read `$props` on the element. */
  $props: VueHTMLAttributes & MadangElementProps<T> & VuePublicProps;
  /** @deprecated For template type checking only. */
  $emit: VueEmitFn<{ [E in keyof MadangElementEvents[T]]: (event: MadangElementEvents[T][E]) => void }>;
};

// @ts-ignore -- see VueHTMLAttributes
declare module 'vue' {
  interface GlobalComponents {
    'madang-poll': MadangVueElement<'madang-poll'>;
    'madang-proposal-form': MadangVueElement<'madang-proposal-form'>;
    'madang-proposal-list': MadangVueElement<'madang-proposal-list'>;
    'madang-budget-table': MadangVueElement<'madang-budget-table'>;
    'madang-spending-explainer': MadangVueElement<'madang-spending-explainer'>;
  }
}

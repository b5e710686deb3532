/**
 * custom-elements.json for @madang/widgets (IDE completion, Storybook, docs): read from the
 * element classes' JSDoc (@summary, @attr, @fires, @csspart, @cssprop) and Lit's static properties.
 *   cem analyze --config custom-elements-manifest.config.mjs
 */
export default {
  globs: ['packages/widgets/src/**/*.ts'],
  exclude: ['**/*.test.ts', 'packages/widgets/src/shared/**'],
  outdir: 'packages/widgets/dist',
  litelement: true,
  plugins: [
    {
      // `dispatchEvent(new MadangErrorEvent(…))` is picked up without a name; the @fires tags
      // already describe every event, so drop the nameless duplicates.
      name: 'madang-drop-nameless-events',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const d of mod.declarations ?? []) {
            if (d.events) d.events = d.events.filter((e) => e.name);
          }
        }
      },
    },
  ],
};

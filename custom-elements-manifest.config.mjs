/**
 * custom-elements.json for @madang/widgets (IDE completion, Storybook, docs): read from the
 * element classes' JSDoc (@summary, @attr, @fires, @csspart, @cssprop) and Lit's static properties.
 *   cem analyze --config custom-elements-manifest.config.mjs
 * Module paths name what ships, relative to the package (dist/poll/madang-poll.js), not the
 * TypeScript sources the analyzer reads (packages/widgets/src/poll/madang-poll.ts).
 */
import { posix } from 'node:path';

/** packages/widgets/src/poll/madang-poll.ts (or /….js, as the analyzer writes imports) → dist/poll/madang-poll.js */
const shipped = (path) =>
  path.replace(/^\/?packages\/widgets\/src\//, 'dist/').replace(/\.ts$/, '.js');
/**
 * Rewrites every `path` and `module` string below `node` that names a source file of the widgets,
 * and the relative `module` of a re-export (`./poll/define.js` in dist/index.js) against `dir`.
 */
function toShipped(node, dir) {
  if (Array.isArray(node)) node.forEach((n) => toShipped(n, dir));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k !== 'path' && k !== 'module') {
        if (typeof v === 'object') toShipped(v, dir);
      } else if (typeof v === 'string' && /^\/?packages\/widgets\/src\//.test(v)) node[k] = shipped(v);
      else if (k === 'module' && typeof v === 'string' && /^\.\.?\//.test(v)) node[k] = posix.join(dir, v);
    }
  }
}

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
    {
      // After the analyzer's own link phase (plugins run after the core ones, which match by path).
      name: 'madang-shipped-paths',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          mod.path = shipped(mod.path);
          toShipped(mod, posix.dirname(mod.path));
        }
      },
    },
  ],
};

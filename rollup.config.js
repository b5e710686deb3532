/**
 * The widget bundles served at /widgets/<version>/ (and published in @madang/widgets/dist/cdn):
 *   madang.js       what a webmaster's one script tag loads: an on-demand loader (src/madang.ts) that
 *                   imports an element's entry below when its tag is on the page
 *   madang-poll.js  <madang-poll> alone (likewise madang-proposal-form.js, madang-proposal-list.js,
 *                   madang-budget-table.js, madang-spending-explainer.js): their SDK HTTP client
 *                   (shared/client.ts; the budget table's and explainer's API readers), English
 *                   strings, file parsers, (explainer) the d3-hierarchy treemap layout and (proposal form)
 *                   the receipt/tracking view, PIPA notice and proof-of-work solver are dynamic imports
 *   chunks/*.js     code they share (lit, @madang/sdk, ky, zod/mini), fetched once
 * Budgets: scripts/size-budgets.mjs (checked by `npm test`).
 * Every entry registers its element(s): the element entries are the registering modules
 * (<folder>/define.js, which re-export the class module <folder>/madang-<name>.js).
 * Input is the tsc output (run `tsc -b` first). Browser builds of every dependency, Lit's
 * production build, minified, and no eval: the bundles must run under a page's strict CSP.
 */
import { rmSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const dist = 'packages/widgets/dist';

/** Whitespace and comments out of the widgets' css`…` templates (terser leaves template text alone). */
function minifyCssTemplates() {
  const squeeze = (css) =>
    css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}')
      .trim();
  return {
    name: 'madang-minify-css-templates',
    transform(code, id) {
      if (!id.includes('/packages/widgets/dist/') || !/\bcss\s*`/.test(code)) return null;
      // Only templates without ${…} interpolations (all of ours); an escaped backtick (\`) inside
      // a comment must not end the match early, or the whole template stays unminified.
      return { code: code.replace(/\bcss\s*`((?:[^`$\\]|\\[\s\S])*)`/g, (_, body) => `css\`${squeeze(body)}\``), map: null };
    },
  };
}

/**
 * Indentation out of the widgets' html`…` templates (terser leaves template text alone): in the
 * static text of each template, a run of whitespace holding a line break becomes one space.
 * That renders the same except inside white-space: pre, pre-wrap or pre-line, and no template
 * has static whitespace inside such an element (user text is always a binding: <p …>${text}</p>). Found on the syntax tree, so code and strings inside ${…} are
 * untouched.
 */
function minifyHtmlTemplates() {
  return {
    name: 'madang-minify-html-templates',
    transform(code, id) {
      if (!id.includes('/packages/widgets/dist/') || !/\b(?:html|svg)\s*`/.test(code)) return null;
      const quasis = [];
      const walk = (n) => {
        if (!n || typeof n !== 'object') return;
        if (Array.isArray(n)) return n.forEach(walk);
        if (n.type === 'TaggedTemplateExpression' && n.tag.type === 'Identifier' && (n.tag.name === 'html' || n.tag.name === 'svg')) quasis.push(...n.quasi.quasis);
        for (const k in n) if (k !== 'type' && k !== 'start' && k !== 'end') walk(n[k]);
      };
      walk(this.parse(code));
      let out = code;
      for (const q of quasis.sort((a, b) => b.start - a.start)) {
        const text = code.slice(q.start, q.end);
        if (text !== q.value.raw) this.error(`${id}: unexpected template position at ${q.start}`);
        out = out.slice(0, q.start) + text.replace(/\s*\n\s*/g, ' ') + out.slice(q.end);
      }
      return { code: out, map: null };
    },
  };
}

/** Empties dist/cdn first: chunk names carry hashes, and stale chunks would be measured and shipped. */
function cleanOutput(dir) {
  return {
    name: 'madang-clean-output',
    buildStart() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export default {
  input: {
    madang: `${dist}/madang.js`,
    'madang-poll': `${dist}/poll/define.js`,
    'madang-proposal-form': `${dist}/proposal-form/define.js`,
    'madang-proposal-list': `${dist}/proposal-list/define.js`,
    'madang-budget-table': `${dist}/budget-table/define.js`,
    'madang-spending-explainer': `${dist}/spending-explainer/define.js`,
  },
  output: {
    dir: `${dist}/cdn`,
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
    generatedCode: 'es2015',
  },
  // Entries keep their exports (MadangPoll, event classes) for pages that script the elements.
  // 'allow-extension' (not 'strict'): each element's entry holds its own code instead of being a
  // facade over a chunk, so a second copy of an entry is a separate module instance.
  preserveEntrySignatures: 'allow-extension',
  plugins: [
    cleanOutput(`${dist}/cdn`),
    minifyCssTemplates(),
    minifyHtmlTemplates(),
    nodeResolve({ browser: true, exportConditions: ['browser'] }),
    terser({ module: true, ecma: 2020, compress: { passes: 2 }, format: { comments: false } }),
  ],
  onwarn(warning, warn) {
    // eval would break pages whose CSP has no 'unsafe-eval'.
    if (warning.code === 'EVAL') throw new Error(`eval in the widget bundle: ${warning.id}`);
    if (warning.code === 'CIRCULAR_DEPENDENCY' && /node_modules/.test(warning.ids?.[0] ?? '')) return;
    warn(warning);
  },
};

/**
 * docs/widgets-reference.md is current with the built custom-elements.json (`npm test` builds
 * first, so the manifest is the one of the current sources), and the manifest itself is
 * complete: every element's attributes, events, CSS parts and custom properties, checked against
 * the element's source. Also: the SDK reference's TypeDoc configuration still builds.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const src = join(root, 'packages/widgets/src');
const manifestPath = join(root, 'packages/widgets/dist/custom-elements.json');
const script = join(root, 'scripts/widgets-reference.mjs');
const doc = join(root, 'docs/widgets-reference.md');

/** The element directory of each tag. */
const ELEMENTS: Record<string, string> = {
  'madang-budget-table': 'budget-table',
  'madang-poll': 'poll',
  'madang-proposal-form': 'proposal-form',
  'madang-proposal-list': 'proposal-list',
  'madang-spending-explainer': 'spending-explainer',
};

interface Item {
  name: string;
  description?: string;
  default?: string;
  fieldName?: string;
  privacy?: string;
  static?: boolean;
}
interface Decl {
  tagName?: string;
  customElement?: boolean;
  summary?: string;
  description?: string;
  attributes?: Item[];
  members?: Item[];
  events?: Item[];
  cssParts?: Item[];
  cssProperties?: Item[];
}

function sources(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(dir, f));
}

const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8' });

describe('widgets reference (docs/widgets-reference.md)', () => {
  test('custom-elements.json is built from the current sources', () => {
    assert.ok(existsSync(manifestPath), 'packages/widgets/dist/custom-elements.json is missing: run `pnpm build`');
    const built = statSync(manifestPath).mtimeMs;
    const dirs = [...Object.values(ELEMENTS), 'shared'].map((d) => join(src, d));
    const newer = dirs.flatMap(sources).filter((f) => statSync(f).mtimeMs > built);
    assert.deepEqual(newer, [], 'sources changed after the manifest was built: run `pnpm build` (npm test does)');
  });

  test('is current: regenerating it changes nothing', () => {
    const r = run('--check');
    assert.equal(r.status, 0, `${r.stderr}${r.stdout}`);
  });

  test('--check fails, with a hint, when the file differs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'madang-ref-'));
    try {
      const stale = join(dir, 'widgets-reference.md');
      writeFileSync(stale, readFileSync(doc, 'utf8').replace('`site-key`', '`site-key-old`'));
      const r = run('--check', '--out', stale);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /not current/);
      assert.match(r.stderr, /node scripts\/widgets-reference\.mjs/);
      const missing = run('--check', '--out', join(dir, 'missing.md'));
      assert.equal(missing.status, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('has a section for each of the five elements, with every table', () => {
    const md = readFileSync(doc, 'utf8');
    for (const tag of Object.keys(ELEMENTS)) {
      const at = md.indexOf(`## \`<${tag}>\``);
      assert.ok(at >= 0, `no section for <${tag}>`);
      const next = md.indexOf('\n## ', at + 1);
      const section = md.slice(at, next === -1 ? undefined : next);
      for (const h of ['### 속성 / Attributes', '### 프로퍼티 / Properties', '### 이벤트 / Events', '### 슬롯 / Slots', '### CSS 파트 / CSS parts', '### CSS 사용자 지정 속성 / CSS custom properties']) {
        assert.ok(section.includes(h), `<${tag}>: no "${h}"`);
      }
      assert.ok(!/\| `_/.test(section), `<${tag}>: internal state listed`);
    }
  });
});

describe('custom-elements.json is complete for every element', () => {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { modules: { declarations?: Decl[] }[] };
  const decls = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
  const names = (xs: Item[] | undefined) => (xs ?? []).map((x) => x.name).sort();
  const sharedCode = sources(join(src, 'shared')).map((f) => readFileSync(f, 'utf8')).join('\n');

  test('lists exactly the five elements', () => {
    assert.deepEqual(decls.map((d) => d.tagName).sort(), Object.keys(ELEMENTS).sort());
  });

  for (const [tag, dir] of Object.entries(ELEMENTS)) {
    describe(`<${tag}>`, () => {
      const el = decls.find((d) => d.tagName === tag)!;
      const file = readFileSync(join(src, dir, `${tag}.ts`), 'utf8');
      const dirCode = sources(join(src, dir)).map((f) => readFileSync(f, 'utf8')).join('\n');

      test('summary, description, and a description for every entry', () => {
        assert.ok(el.summary?.trim() && el.description?.trim(), 'summary and description');
        for (const [kind, xs] of Object.entries({ attributes: el.attributes, events: el.events, cssParts: el.cssParts, cssProperties: el.cssProperties })) {
          for (const x of xs ?? []) if (!x.name.startsWith('_')) assert.ok(x.description?.trim(), `${kind} ${x.name} has no description`);
        }
      });

      test('attributes: every attribute of `static properties`, plus lang and data-state', () => {
        const block = /static override properties = \{([\s\S]*?)\n {2}\};/.exec(file)?.[1];
        assert.ok(block, 'static properties not found');
        const expected = ['lang', 'data-state'];
        for (const m of block.matchAll(/^\s*(\w+): \{([^}]*)\}/gm)) {
          const [, key, opts] = m as unknown as [string, string, string];
          if (/state: true|attribute: false/.test(opts)) continue;
          expected.push(/attribute: '([^']+)'/.exec(opts)?.[1] ?? key.toLowerCase());
        }
        const documented = (el.attributes ?? []).filter((a) => !a.fieldName?.startsWith('_')).map((a) => a.name);
        assert.deepEqual(documented.sort(), expected.sort());
      });

      test('events: every event class the element declares', () => {
        const declared = [...file.matchAll(/static readonly eventName = '([^']+)'/g)].map((m) => m[1]!).sort();
        assert.ok(declared.length > 0);
        assert.deepEqual(names(el.events), declared);
      });

      test('CSS parts: every part its templates use, and no part they do not', () => {
        const tokens = (code: string) => new Set([...code.matchAll(/\bpart="([^"$]+)"/g)].flatMap((m) => m[1]!.trim().split(/\s+/)));
        const own = tokens(dirCode);
        const reachable = new Set([...own, ...tokens(sharedCode)]);
        const documented = new Set(names(el.cssParts));
        assert.deepEqual([...own].filter((p) => !documented.has(p)).sort(), [], 'parts used but not documented (@csspart)');
        assert.deepEqual([...documented].filter((p) => !reachable.has(p)).sort(), [], 'parts documented but never rendered');
      });

      test('CSS custom properties: the --madang-* the styles read, with their real fallbacks', () => {
        const norm = (s: string | undefined) => (s ?? '').replace(/'/g, '"').replace(/\s+/g, ' ').trim();
        const read = new Map<string, string>();
        for (const code of [sharedCode, dirCode]) {
          for (const m of code.matchAll(/var\((--madang-[\w-]+),\s*/g)) {
            // the fallback: up to the ')' that closes this var(
            let depth = 1;
            let i = m.index! + m[0].length;
            const start = i;
            for (; i < code.length && depth > 0; i++) depth += code[i] === '(' ? 1 : code[i] === ')' ? -1 : 0;
            read.set(m[1]!, code.slice(start, i - 1));
          }
        }
        assert.deepEqual(names(el.cssProperties), [...read.keys()].sort());
        for (const p of el.cssProperties ?? []) assert.equal(norm(p.default), norm(read.get(p.name)), `${p.name} default`);
      });
    });
  }
});

test('SDK reference: the TypeDoc configuration builds the four entry points', () => {
  const out = mkdtempSync(join(tmpdir(), 'madang-typedoc-'));
  try {
    const r = spawnSync(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), '--options', 'typedoc.json', '--out', out, '--logLevel', 'Error'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    for (const m of ['index', 'admin', 'budget', 'explainer']) assert.ok(existsSync(join(out, 'modules', `${m}.html`)), `modules/${m}.html`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

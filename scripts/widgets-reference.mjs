#!/usr/bin/env node
/**
 * Writes docs/widgets-reference.md from the widgets' custom-elements.json (built by
 * `pnpm build`: `cem analyze` reads the elements' JSDoc and Lit's static properties).
 *
 *   node scripts/widgets-reference.mjs            # (re)write docs/widgets-reference.md
 *   node scripts/widgets-reference.mjs --check    # exit 1 when the checked-in file is not current
 *   options: --manifest <custom-elements.json> --out <file.md>
 *
 * The output depends only on the manifest (no dates, no paths of this machine): elements are
 * sorted by tag name; within an element, attributes, properties, events, parts and custom
 * properties keep the order of the element's source (its JSDoc and `static properties`).
 * Lit's internal reactive state (`_name: { state: true }`) is left out even where the analyzer
 * lists it as an attribute.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_MANIFEST = join(root, 'packages/widgets/dist/custom-elements.json');
const DEFAULT_OUT = join(root, 'docs/widgets-reference.md');
const WIDGETS_PKG = join(root, 'packages/widgets/package.json');

const NONE = '없음 / None';

/** One table cell: no line breaks, `|` escaped (also inside code spans, as GFM wants). */
function cell(s) {
  const t = String(s ?? '')
    .replace(/\r?\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
  return t || '—';
}
const code = (s) => (s ? `\`${s}\`` : '');

function table(head, rows) {
  if (rows.length === 0) return NONE + '\n';
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n') + '\n';
}

const isInternal = (name) => !name || name.startsWith('_') || name.startsWith('#');
const isPublic = (m) => !m.static && m.privacy !== 'private' && m.privacy !== 'protected' && !isInternal(m.name);

/** `@madang/widgets/poll` for packages/widgets/src/poll/madang-poll.ts, from the package's exports map. */
function importPath(modulePath, pkg) {
  const dist = './' + modulePath.replace(/^\/?packages\/widgets\//, '').replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');
  for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
    const t = typeof target === 'string' ? target : target?.default;
    if (t === dist) return sub === '.' ? pkg.name : `${pkg.name}/${sub.replace(/^\.\//, '')}`;
  }
  return undefined;
}

/** Every custom element of the manifest with its module path, sorted by tag name. */
export function elements(manifest) {
  const out = [];
  // The module that registers a tag (its `custom-element-definition` export), apart from the class's own.
  const definedIn = new Map();
  for (const mod of manifest.modules ?? []) {
    for (const x of mod.exports ?? []) if (x.kind === 'custom-element-definition') definedIn.set(x.name, mod.path);
  }
  for (const mod of manifest.modules ?? []) {
    for (const d of mod.declarations ?? []) {
      if (d.customElement && d.tagName) out.push({ ...d, modulePath: mod.path, definePath: definedIn.get(d.tagName) });
    }
  }
  return out.sort((a, b) => (a.tagName < b.tagName ? -1 : a.tagName > b.tagName ? 1 : 0));
}

/** The attributes a page can set: the analyzer's list without Lit's internal state. */
export function publicAttributes(el) {
  const hidden = new Set((el.members ?? []).filter((m) => !isPublic(m)).map((m) => m.name));
  return (el.attributes ?? []).filter((a) => !isInternal(a.name) && !(a.fieldName && (hidden.has(a.fieldName) || isInternal(a.fieldName))));
}

function renderElement(el, pkg) {
  const members = el.members ?? [];
  const fields = members.filter((m) => m.kind === 'field' && isPublic(m));
  const methods = members.filter((m) => m.kind === 'method' && isPublic(m));
  const attrs = publicAttributes(el);
  const attrOf = new Map(attrs.filter((a) => a.fieldName).map((a) => [a.fieldName, a]));
  const fieldOf = new Map(fields.map((f) => [f.name, f]));
  const imp = el.definePath ? importPath(el.definePath, pkg) : undefined;
  const classOnly = importPath(el.modulePath, pkg);

  const s = [];
  s.push(`## \`<${el.tagName}>\``, '');
  if (el.summary) s.push(`**${el.summary.trim()}**`, '');
  if (el.description) s.push(el.description.trim().replace(/\s*\n\s*/g, ' '), '');
  const facts = [`클래스 / Class: \`${el.name}\``];
  if (imp) facts.push(`모듈 (등록) / Module (registers): \`${imp}\``);
  if (classOnly && classOnly !== imp) facts.push(`클래스만 (등록 안 함) / Class only: \`${classOnly}\``);
  s.push(facts.join(' · '), '');

  s.push('### 속성 / Attributes', '');
  s.push(
    table(
      ['속성 / Attribute', '프로퍼티 / Property', '타입 / Type', '기본값 / Default', '설명 / Description'],
      attrs.map((a) => {
        const f = a.fieldName ? fieldOf.get(a.fieldName) : undefined;
        return [
          code(a.name),
          code(a.fieldName),
          code(a.type?.text ?? f?.type?.text),
          code(a.default ?? f?.default),
          a.description || f?.description,
        ];
      }),
    ),
  );

  s.push('### 프로퍼티 / Properties', '');
  s.push(
    table(
      ['프로퍼티 / Property', '속성 / Attribute', '타입 / Type', '기본값 / Default', '설명 / Description'],
      fields.map((f) => {
        const a = f.attribute ? attrOf.get(f.name) : undefined;
        const ro = f.readonly ? '읽기 전용 / Read only. ' : '';
        return [code(f.name), code(f.attribute), code(f.type?.text), code(f.default), ro + (f.description || a?.description || '')];
      }),
    ),
  );

  if (methods.length) {
    s.push('### 메서드 / Methods', '');
    s.push(
      table(
        ['메서드 / Method', '매개변수 / Parameters', '반환 / Returns', '설명 / Description'],
        methods.map((m) => [
          code(`${m.name}()`),
          (m.parameters ?? []).map((p) => code(`${p.name}${p.optional ? '?' : ''}: ${p.type?.text ?? 'unknown'}`)).join(', '),
          code(m.return?.type?.text),
          m.description,
        ]),
      ),
    );
  }

  s.push('### 이벤트 / Events', '');
  s.push(
    table(
      ['이벤트 / Event', '타입 / Type', '설명 / Description'],
      (el.events ?? []).filter((e) => e.name).map((e) => [code(e.name), code(e.type?.text), e.description]),
    ),
  );

  s.push('### 슬롯 / Slots', '');
  s.push(table(['슬롯 / Slot', '설명 / Description'], (el.slots ?? []).map((x) => [x.name ? code(x.name) : '(기본 / default)', x.description])));

  s.push('### CSS 파트 / CSS parts', '');
  s.push(table(['파트 / Part', '설명 / Description'], (el.cssParts ?? []).map((p) => [code(p.name), p.description])));

  s.push('### CSS 사용자 지정 속성 / CSS custom properties', '');
  s.push(
    table(
      ['속성 / Property', '기본값 / Default', '설명 / Description'],
      (el.cssProperties ?? []).map((p) => [code(p.name), code(p.default), p.description]),
    ),
  );
  return s.join('\n');
}

/** The whole Markdown document for a manifest. */
export function render(manifest, pkg = JSON.parse(readFileSync(WIDGETS_PKG, 'utf8'))) {
  const els = elements(manifest);
  const s = [];
  s.push('# 위젯 레퍼런스 / Widgets reference', '');
  s.push(
    '<!-- Generated by scripts/widgets-reference.mjs from packages/widgets/dist/custom-elements.json. Do not edit by hand: run `pnpm build && node scripts/widgets-reference.mjs`. -->',
    '',
  );
  s.push(
    '마당 위젯의 속성, 프로퍼티, 이벤트, 슬롯, CSS 파트, CSS 사용자 지정 속성 목록입니다. 각 요소의 소스(JSDoc)에서 만든 `custom-elements.json`으로 자동 생성되며, CI가 최신 상태인지 검사합니다.',
    '',
    "Every attribute, property, event, slot, CSS part and CSS custom property of Madang's widgets, generated from `custom-elements.json` (built from the elements' JSDoc). CI fails when this file is not current.",
    '',
  );
  s.push(
    '- 동작, 상태, 접근성 / Behaviour, states, accessibility: [packages/widgets/README.md](../packages/widgets/README.md)',
    '- SDK 레퍼런스 / SDK reference (`@madang/sdk`, TypeDoc): `pnpm docs:sdk` → `docs/.generated/sdk/index.html` — see [reference.md](reference.md)',
    '- API 레퍼런스 / API reference: `GET /openapi.json` (OpenAPI 3.1) and the interactive page `/reference` on any Madang server — see [api.md](api.md)',
    '',
  );
  s.push('## 요소 / Elements', '');
  s.push(table(['요소 / Element', '요약 / Summary'], els.map((e) => [`[\`<${e.tagName}>\`](#${e.tagName})`, e.summary])));
  for (const e of els) s.push(renderElement(e, pkg));
  return s.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function firstDifference(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return { line: i + 1, file: x[i], generated: y[i] };
  }
  return undefined;
}

function main(argv) {
  const opt = { check: false, manifest: DEFAULT_MANIFEST, out: DEFAULT_OUT };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opt.check = true;
    else if (a === '--manifest') opt.manifest = argv[++i];
    else if (a === '--out') opt.out = argv[++i];
    else {
      console.error('usage: node scripts/widgets-reference.mjs [--check] [--manifest custom-elements.json] [--out file.md]');
      return 2;
    }
  }
  if (!existsSync(opt.manifest)) {
    console.error(`✗ ${relative(root, opt.manifest)} is missing: run \`pnpm build\` first (it runs cem analyze).`);
    return 2;
  }
  const md = render(JSON.parse(readFileSync(opt.manifest, 'utf8')));
  const out = relative(root, opt.out);
  if (!opt.check) {
    writeFileSync(opt.out, md);
    console.log(`› wrote ${out}`);
    return 0;
  }
  const current = existsSync(opt.out) ? readFileSync(opt.out, 'utf8') : '';
  if (current === md) {
    console.log(`✓ ${out} is current`);
    return 0;
  }
  const d = firstDifference(current, md);
  console.error(`✗ ${out} is not current with ${relative(root, opt.manifest)}.`);
  if (d) console.error(`  first difference at line ${d.line}:\n  - file:      ${d.file ?? '(end of file)'}\n  + generated: ${d.generated ?? '(end of file)'}`);
  console.error('  Regenerate it and commit the result: pnpm build && node scripts/widgets-reference.mjs');
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main(process.argv.slice(2)));

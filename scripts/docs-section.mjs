import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Replaces the text between <!-- name --> and <!-- /name --> in a Markdown file (or appends it), keeping the rest. */
export function writeSection(file, name, body) {
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const block = `${open}\n${body.trim()}\n${close}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\nFigures measured by the scripts in `scripts/`; each section is rewritten by its script.\n';
  const a = text.indexOf(open);
  const b = text.indexOf(close);
  if (a !== -1 && b > a) text = text.slice(0, a) + block + text.slice(b + close.length);
  else text = text.replace(/\s*$/, '\n\n') + block + '\n';
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

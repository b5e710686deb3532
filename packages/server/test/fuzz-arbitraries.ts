/**
 * fast-check arbitraries generated from JSON Schema (the OpenAPI document's own schemas, which
 * are generated from the contracts): values the schema accepts, and mutations of them that it
 * should not (a required field dropped, an unknown field, a wrong type, one past a length or a
 * bound, a broken pattern). No published converter fits: json-schema-fast-check targets
 * fast-check 1 and zod-fast-check zod 3 with fast-check < 4, so this is a small one of its own,
 * covering the keywords the contracts emit (fuzz.test.ts checks that the contracts' zod schemas
 * accept enough of the generated values and reject enough of the mutations).
 *
 * Whether a generated body is valid is never decided here: the contract's zod schema judges it
 * (a mutation may happen to stay valid, a "valid" value may break a refinement JSON Schema
 * cannot say), and the fuzz test expects what that verdict implies.
 */
import fc from 'fast-check';

export type JsonSchema = Record<string, any>;

/** Text that has broken servers: direction marks, joiners, combining marks, lone surrogates, NUL, BOM, line separators. */
export const ODD_TEXT = [
  '\u200F', // RIGHT-TO-LEFT MARK
  '\u202E', // RIGHT-TO-LEFT OVERRIDE
  '\u2066', // LEFT-TO-RIGHT ISOLATE
  '👨‍👩‍👧‍👦', // emoji ZWJ sequence
  '🏳️‍🌈',
  '\u200D',
  'e\u0301\u0302\u0303\u0304', // stacked combining marks
  '\u0300', // a combining mark with nothing to combine with
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  '\u0000', // NUL
  '\uFEFF', // BOM
  '\u2028\u2029',
  '\uFFFF',
  '\r\n\t',
  '한글',
  'ㄱ',
  '"\\\'`',
  '<script>alert(1)</script>',
  "'; DROP TABLE polls; --",
  '%00%2e%2e%2f',
  '../../etc/passwd',
  '${jndi:ldap://x}',
  '{{7*7}}',
];

const unit = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 4 },
  { arbitrary: fc.constantFrom(...ODD_TEXT), weight: 1 },
);

/** Any text, odd Unicode included, of `min`..`max` UTF-16 code units (what zod's length checks count). */
export function text(min = 0, max = 60): fc.Arbitrary<string> {
  const cap = Math.min(max, min + 60);
  return fc
    .string({ unit, minLength: min, maxLength: cap })
    .map((s) => (s.length > max ? s.slice(0, max) : s))
    .filter((s) => s.length >= min && s.length <= max);
}

/** `n` code units of text: for boundary lengths (exactly at the limit, one past it). */
export const textOfLength = (n: number) =>
  fc.constantFrom('a', 'ㄱ', 'é', '\u200F', '\u0000').map((c) => c.repeat(n));

export class SchemaArbitraries {
  constructor(private readonly defs: Record<string, JsonSchema>) {}

  resolve(s: JsonSchema): JsonSchema {
    let out = s;
    for (let i = 0; out && typeof out.$ref === 'string' && i < 20; i++) {
      const name = out.$ref.replace('#/components/schemas/', '');
      const target = this.defs[name];
      if (!target) throw new Error(`unresolved ${out.$ref}`);
      out = target;
    }
    return out;
  }

  /** Values the schema accepts (as far as JSON Schema can say). */
  valid(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    if ('const' in s) return fc.constant(s.const);
    if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
    if (Array.isArray(s.anyOf)) return fc.oneof(...s.anyOf.map((x: JsonSchema) => this.valid(x, depth + 1)));
    if (Array.isArray(s.oneOf)) return fc.oneof(...s.oneOf.map((x: JsonSchema) => this.valid(x, depth + 1)));
    switch (Array.isArray(s.type) ? s.type[0] : s.type) {
      case 'string':
        return this.string(s);
      case 'integer':
        return fc.integer({ min: Math.max(s.minimum ?? -1e9, Number.MIN_SAFE_INTEGER), max: Math.min(s.maximum ?? 1e9, Number.MAX_SAFE_INTEGER) });
      case 'number':
        return fc.double({ min: s.minimum ?? -1e12, max: s.maximum ?? 1e12, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const min = s.minItems ?? 0;
        const max = Math.min(s.maxItems ?? min + 4, min + 4);
        return fc.array(this.valid(s.items ?? {}, depth + 1), { minLength: min, maxLength: max });
      }
      case 'object': {
        const props: Record<string, JsonSchema> = s.properties ?? {};
        const required: string[] = s.required ?? [];
        const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, this.valid(v, depth + 1)]));
        const record = fc.record(model, { requiredKeys: required });
        if (s.additionalProperties && typeof s.additionalProperties === 'object') {
          const keys = s.propertyNames ? this.valid({ type: 'string', ...s.propertyNames }) : text(1, 20);
          const extra = fc.dictionary(keys as fc.Arbitrary<string>, this.valid(s.additionalProperties, depth + 1), { maxKeys: 3 });
          return fc.tuple(record, extra).map(([r, e]) => ({ ...e, ...r }));
        }
        return record;
      }
      default:
        return depth > 3 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
    }
  }

  private string(s: JsonSchema): fc.Arbitrary<string> {
    const min: number = s.minLength ?? 0;
    const max: number = s.maxLength ?? 2000;
    if (s.format === 'date-time') {
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    }
    if (s.format === 'date') {
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    }
    if (typeof s.pattern === 'string') {
      const re = new RegExp(s.pattern, 'u');
      const fits = (v: string) => v.length >= min && v.length <= max && re.test(v);
      const matching = fc.stringMatching(new RegExp(s.pattern)).filter(fits);
      // Loose patterns (e.g. "no NUL") also get odd text that still matches them.
      return ['한글 🚌', 'a b\u200F'].every((v) => re.test(v)) ? fc.oneof(matching, text(min, Math.min(max, min + 60)).filter(fits)) : matching;
    }
    return fc.oneof({ arbitrary: text(min, Math.min(max, min + 60)), weight: 5 }, { arbitrary: textOfLength(max), weight: 1 });
  }

  /**
   * A valid value with one thing broken somewhere inside it. `path` says where (for the
   * test's messages); whether it broke the value is for the zod schema to say.
   */
  mutated(schema: JsonSchema): fc.Arbitrary<{ value: unknown; mutation: string }> {
    return this.valid(schema).chain((v) => {
      const sites = this.sites(schema, v, []);
      return fc.constantFrom(...sites).chain((site) =>
        this.breakers(site.schema, site.value).map(({ value, mutation }) => ({
          value: replaceAt(v, site.path, value),
          mutation: `${mutation} at ${site.path.join('.') || '(body)'}`,
        })),
      );
    });
  }

  /**
   * `value` without the deepest optional property on `path`, or undefined when there is none:
   * how a generated value is brought within a contract's cross-field rules (e.g. `minChoices`
   * only on multiple-choice polls), which JSON Schema cannot say.
   */
  withoutOptionalOn(schema: JsonSchema, value: unknown, path: PropertyKey[]): unknown {
    const chain: { schema: JsonSchema; holder: unknown; key: PropertyKey }[] = [];
    let s = this.resolve(schema);
    let v: any = value;
    for (const key of path) {
      if (v === null || typeof v !== 'object' || !(key in v)) break;
      chain.push({ schema: s, holder: v, key });
      const sub = s.type === 'array' ? s.items : s.properties?.[key as string];
      if (!sub) break;
      s = this.resolve(sub);
      v = v[key as any];
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const { schema: parent, key } = chain[i];
      if (parent.type !== 'object' || (parent.required ?? []).includes(key)) continue;
      return replaceAt(value, path.slice(0, i + 1) as (string | number)[], DELETE);
    }
    return undefined;
  }

  /** Every place in `value` with the schema that describes it. */
  private sites(schema: JsonSchema, value: unknown, path: (string | number)[]): Site[] {
    const s = this.resolve(schema);
    const out: Site[] = [{ path, schema: s, value }];
    if (path.length > 6) return out;
    if (Array.isArray(s.anyOf)) return out;
    if (s.type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) {
        const sub = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
        if (sub) out.push(...this.sites(sub, v, [...path, k]));
      }
    }
    if (s.type === 'array' && Array.isArray(value)) value.forEach((v, i) => out.push(...this.sites(s.items ?? {}, v, [...path, i])));
    return out;
  }

  /** Ways to break one value of schema `s`. */
  private breakers(s: JsonSchema, value: unknown): fc.Arbitrary<{ value: unknown; mutation: string }> {
    const options: fc.Arbitrary<{ value: unknown; mutation: string }>[] = [wrongType(s).map((v) => ({ value: v, mutation: 'wrong type' }))];
    if (s.type === 'object' && value && typeof value === 'object') {
      const present = (s.required ?? []).filter((k: string) => k in (value as object));
      if (present.length) {
        options.push(
          fc.constantFrom(...(present as string[])).map((k) => {
            const { [k]: _, ...rest } = value as Record<string, unknown>;
            return { value: rest, mutation: `required ${k} dropped` };
          }),
        );
      }
      options.push(
        fc.tuple(fc.oneof(text(1, 20), fc.constantFrom('__proto__', 'constructor', 'prototype', '', 'id', 'siteId')), fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => {
          const out = { ...(value as object) } as Record<string, unknown>;
          Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
          return { value: out, mutation: `extra field ${JSON.stringify(k)}` };
        }),
      );
    }
    if (s.type === 'string' || (typeof value === 'string' && !s.type)) {
      if (typeof s.maxLength === 'number') {
        options.push(textOfLength(s.maxLength + 1).map((v) => ({ value: v, mutation: `maxLength+1 (${s.maxLength + 1})` })));
        options.push(textOfLength(s.maxLength).map((v) => ({ value: v, mutation: `exactly maxLength (${s.maxLength})` })));
      }
      if (typeof s.minLength === 'number' && s.minLength > 0) options.push(textOfLength(s.minLength - 1).map((v) => ({ value: v, mutation: 'minLength-1' })));
      options.push(text(0, 40).map((v) => ({ value: v, mutation: 'odd text' })));
      options.push(fc.constantFrom(...ODD_TEXT).map((v) => ({ value: `${value}${v}`, mutation: 'odd text appended' })));
      options.push(fc.integer({ min: 70_000, max: 120_000 }).map((n) => ({ value: 'x'.repeat(n), mutation: `huge string (${n})` })));
    }
    if (s.type === 'integer' || s.type === 'number') {
      const bounds: unknown[] = [1.5, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, '1'];
      if (typeof s.minimum === 'number') bounds.push(s.minimum - 1, s.minimum);
      if (typeof s.maximum === 'number') bounds.push(s.maximum + 1, s.maximum);
      options.push(fc.constantFrom(...bounds).map((v) => ({ value: v, mutation: `number ${JSON.stringify(v)}` })));
    }
    if (s.type === 'array' && Array.isArray(value)) {
      if (typeof s.maxItems === 'number') {
        options.push(fc.constant({ value: Array.from({ length: s.maxItems + 1 }, (_, i) => value[i % Math.max(1, value.length)] ?? null), mutation: 'maxItems+1' }));
      }
      if (typeof s.minItems === 'number' && s.minItems > 0) options.push(fc.constant({ value: value.slice(0, s.minItems - 1), mutation: 'minItems-1' }));
      options.push(fc.constant({ value: deepArray(2_000), mutation: 'nested 2,000 deep' }));
    }
    if (Array.isArray(s.enum) || 'const' in s) {
      options.push(fc.oneof(text(0, 12), fc.constantFrom('', 'CLOSED', ' closed', 'closed\u0000')).map((v) => ({ value: v, mutation: 'not in enum' })));
    }
    return fc.oneof(...options);
  }
}

interface Site {
  path: (string | number)[];
  schema: JsonSchema;
  value: unknown;
}

/** A value of another JSON type than the schema's. */
export function wrongType(s: JsonSchema): fc.Arbitrary<unknown> {
  const all: [string, fc.Arbitrary<unknown>][] = [
    ['string', text(0, 10)],
    ['integer', fc.integer()],
    ['number', fc.double({ noNaN: true, noDefaultInfinity: true })],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })],
    ['object', fc.dictionary(text(1, 8), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })],
  ];
  const types = new Set<string>(Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);
  if (types.has('number')) types.add('integer');
  const others = all.filter(([t]) => !types.has(t)).map(([, a]) => a);
  return fc.oneof(...others);
}

export function deepArray(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

const DELETE = Symbol('delete');

function replaceAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (rest.length === 0 && value === DELETE) {
    const { [head as string]: _, ...others } = root as Record<string, unknown>;
    return others;
  }
  if (Array.isArray(root)) {
    const copy = root.slice();
    copy[head as number] = replaceAt(root[head as number], rest, value);
    return copy;
  }
  const copy = { ...(root as Record<string, unknown>) };
  copy[head as string] = replaceAt((root as Record<string, unknown>)[head as string], rest, value);
  return copy;
}

/** Bodies that are not JSON a schema could even look at: broken, deep, huge, of another type. */
export const rawBodies: fc.Arbitrary<{ raw: string; mutation: string; expect: 'malformed' | 'too-large' | 'validation' }> = fc.oneof(
  fc.constantFrom('', '{', '{"a":', '[1,]', "{'a':1}", 'undefined', 'NaN', '{"a":1}}', '\u0000', '\uFEFF{}', '{"a":"\uD800"', 'nul').map((raw) => ({
    raw,
    mutation: `invalid JSON ${JSON.stringify(raw)}`,
    expect: 'malformed' as const,
  })),
  fc.constantFrom(10_000, 30_000).map((n) => ({ raw: '['.repeat(n) + ']'.repeat(n), mutation: `arrays nested ${n} deep`, expect: 'validation' as const })),
  fc.constant({ raw: '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000), mutation: 'objects nested 10,000 deep', expect: 'validation' as const }),
  fc.integer({ min: 64 * 1024 + 1, max: 300 * 1024 }).map((n) => ({ raw: JSON.stringify({ title: 'x'.repeat(n) }), mutation: `body of ${n}+ bytes`, expect: 'too-large' as const })),
  fc.jsonValue({ maxDepth: 2 }).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((v) => ({
    raw: JSON.stringify(v),
    mutation: `a JSON ${v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v}`,
    expect: 'validation' as const,
  })),
);

/**
 * `POST /v1/budgets`: an import request streamed into `runImport`, never buffered.
 *
 * - `Content-Type: text/csv` — the body is the CSV file; the metadata (BudgetImportMeta) is the
 *   `meta` query parameter, URL-encoded JSON.
 * - `multipart/form-data` — parts in this order: `meta` (JSON), then either `file` (one CSV) or
 *   `datapackage` (a Fiscal Data Package descriptor, JSON) followed by one part per resource,
 *   named by the resource's `path`, in the descriptor's order. Parsed as it arrives (busboy).
 *
 * Idempotency-Key: the request hash of a streamed upload is only known once the body was read,
 * so the key is taken first and its hash recorded at the end (idempotency.ts `beginStreamed`); a
 * replay reads the body again only to hash it.
 */
import { Readable, Transform } from 'node:stream';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import type { Context } from 'hono';
import type { Db } from './db.js';
import * as idem from './idempotency.js';
import { fieldProblem, HttpProblem } from './problems.js';
import { hashOnly, MAX_IMPORT_BYTES, planImport, runImport, type ImportFile, type ImportSource } from './budget-import.js';

/** An import source read from a request, with a way to read (and drop) whatever is left of the body. */
export interface RequestSource extends ImportSource {
  drain(): Promise<void>;
}

const tooLarge = (limit: number) => new HttpProblem('payload-too-large', `an import is at most ${limit} bytes (${Math.round(limit / 1024 / 1024)} MB)`);

function parseJsonValue(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw fieldProblem('validation', field, `is not valid JSON (${(e as Error).message})`);
  }
}

export async function requestSource(c: Context, limit = MAX_IMPORT_BYTES): Promise<RequestSource> {
  const type = (c.req.header('Content-Type') ?? '').toLowerCase();
  if (Number(c.req.header('Content-Length') ?? 0) > limit) throw tooLarge(limit);
  const body = c.req.raw.body;
  if (/^text\/csv\b/.test(type)) {
    const metaText = c.req.query('meta');
    const meta = metaText === undefined ? undefined : parseJsonValue(metaText, 'meta');
    const it = body ? (body as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]() : undefined;
    // Never closed by a consumer that stops early (no `return`), so drain() can read the rest.
    const bytes: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => ({ next: () => it?.next() ?? Promise.resolve({ done: true, value: undefined }) }) };
    return {
      kind: 'csv',
      meta,
      files: (async function* () {
        yield { name: null, bytes } satisfies ImportFile;
      })(),
      async drain() {
        if (it) for (let r = await it.next(); !r.done; r = await it.next());
      },
    };
  }
  if (/^multipart\/form-data\b/.test(type)) {
    if (!body) throw fieldProblem('validation', '(body)', 'the multipart body is empty');
    return multipartSource(c.req.header('Content-Type')!, Readable.fromWeb(body as import('node:stream/web').ReadableStream), limit);
  }
  throw new HttpProblem('unsupported-media-type', 'send the CSV as Content-Type: text/csv (metadata in ?meta=), or multipart/form-data (see the API reference)');
}

type Part = { kind: 'field'; name: string; value: string; truncated: boolean } | { kind: 'file'; name: string; stream: Readable };

async function multipartSource(contentType: string, raw: Readable, limit: number): Promise<RequestSource> {
  let total = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      total += chunk.length;
      if (total > limit) cb(tooLarge(limit));
      else cb(null, chunk);
    },
  });
  let bb: BusboyInstance;
  try {
    bb = Busboy({
      headers: { 'content-type': contentType },
      // meta and datapackage are values (however they were sent); every other part is a file.
      isPartAFile: (name: string | undefined) => name !== 'meta' && name !== 'datapackage',
      limits: { fieldSize: 1024 * 1024, fields: 4, files: 60, parts: 64 },
    });
  } catch (e) {
    throw fieldProblem('validation', 'Content-Type', `not a usable multipart/form-data header (${(e as Error).message})`);
  }
  const queue: Part[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  let failure: unknown;
  let draining = false;
  const notify = () => {
    wake?.();
    wake = null;
  };
  bb.on('field', (name: string, value: string, _nt: boolean, truncated: boolean) => {
    queue.push({ kind: 'field', name, value, truncated });
    notify();
  });
  bb.on('file', (name: string, stream: Readable) => {
    if (draining) return void stream.resume();
    queue.push({ kind: 'file', name, stream });
    notify();
  });
  const done = new Promise<void>((resolve) => {
    bb.on('finish', () => {
      finished = true;
      notify();
      resolve();
    });
    const fail = (e: unknown) => {
      failure ??= e instanceof HttpProblem ? e : fieldProblem('validation', '(body)', `not readable as multipart/form-data (${(e as Error)?.message ?? e})`);
      notify();
      resolve();
    };
    bb.on('error', fail);
    counter.on('error', fail);
    raw.on('error', fail);
    bb.on('partsLimit', () => fail(fieldProblem('validation', '(body)', 'too many parts')));
    bb.on('filesLimit', () => fail(fieldProblem('validation', '(body)', 'too many files (at most 60)')));
    bb.on('fieldsLimit', () => fail(fieldProblem('validation', '(body)', 'too many fields (meta and datapackage only)')));
  });
  raw.pipe(counter).pipe(bb);

  const next = async (): Promise<Part | null> => {
    for (;;) {
      if (failure) throw failure;
      if (queue.length) return queue.shift()!;
      if (finished) return null;
      await new Promise<void>((r) => (wake = r));
    }
  };

  // The values before the first file: meta, and datapackage (a data package) — then the files.
  let meta: unknown;
  let descriptor: unknown;
  let first: Part | null = null;
  try {
    for (;;) {
      const p: Part | null = await next();
      first = p;
      if (!p || p.kind === 'file') break;
      if (p.truncated) throw fieldProblem('payload-too-large', p.name, 'at most 1 MB');
      if (p.name === 'meta') meta = parseJsonValue(p.value, 'meta');
      else descriptor = parseJsonValue(p.value, 'datapackage');
    }
  } catch (e) {
    // Drop the rest of the upload (in the background) so that the client reads the answer.
    draining = true;
    for (const p of [first, ...queue.splice(0)]) if (p?.kind === 'file') p.stream.resume();
    throw e;
  }
  const kind = descriptor === undefined ? 'csv' : 'datapackage';
  let current: Part | null = first;
  const files = (async function* (): AsyncGenerator<ImportFile> {
    let part: Part | null = first;
    while (part) {
      current = part;
      if (part.kind === 'field') throw fieldProblem('validation', part.name, 'must come before the files');
      if (kind === 'csv' && part.name !== 'file') throw fieldProblem('validation', part.name, 'a CSV import sends its file as the part named "file" (or a datapackage part first)');
      yield { name: kind === 'csv' ? null : part.name, bytes: part.stream };
      part = await next();
    }
  })();
  return {
    kind,
    meta,
    descriptor,
    files,
    async drain() {
      draining = true;
      for (const p of queue.splice(0)) if (p.kind === 'file') p.stream.resume();
      if (current?.kind === 'file') current.stream.resume();
      await done;
    },
  };
}

/** The handler of `POST /v1/budgets` (the secret key was checked). */
export async function importBudgetRequest(c: Context, db: Db, siteId: string) {
  const key = idem.checkKey(c.req.header('Idempotency-Key'));
  const source = await requestSource(c);
  const requestHash = (contentHash: string) => idem.requestHash('POST', c.req.path, `budget-import ${contentHash}`);
  try {
    const plan = planImport(source);
    const started = await idem.beginStreamed(db, siteId, key);
    if (started.done) {
      const contentHash = await hashOnly(plan, source.files);
      if (started.done.requestHash !== requestHash(contentHash)) {
        throw new HttpProblem('idempotency-key-reused', 'this Idempotency-Key was already used with a different request; use a new key for a new request');
      }
      return c.body(started.done.body, started.done.status as 201, { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' });
    }
    try {
      const result = await runImport(db, siteId, plan, source.files, {
        onCommitting: (q, dataset, contentHash) => idem.completeStreamed(q, siteId, key, requestHash(contentHash), 201, JSON.stringify(dataset)),
      });
      if (!result.created) {
        await idem.completeStreamed(db, siteId, key, requestHash(result.dataset.contentHash), 200, JSON.stringify(result.dataset));
      }
      return c.json(result.dataset, result.created ? 201 : 200);
    } catch (e) {
      await idem.release(db, siteId, key).catch(() => {});
      throw e;
    }
  } catch (e) {
    // Whatever is left of the upload is read and dropped, so the client gets to read the answer
    // (a client still sending would otherwise not see it). Not after the size limit.
    if (!(e instanceof HttpProblem && e.slug === 'payload-too-large')) await source.drain().catch(() => {});
    throw e;
  }
}

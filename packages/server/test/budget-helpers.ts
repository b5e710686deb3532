import { randomUUID } from 'node:crypto';
import { call, readResponse, type Answer } from './helpers.js';

export const META = {
  title: { ko: '테스트 예산', en: 'Test budget' },
  source: { name: { ko: '테스트 출처' }, url: null },
  asOf: '2025-03-31',
};

/** POST /v1/budgets with a CSV body (text/csv, metadata in ?meta=; `null` sends none). */
export async function importCsv(
  base: string,
  key: string,
  body: string | Uint8Array | ReadableStream<Uint8Array>,
  meta: unknown = META,
  opts: { idempotencyKey?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(`${base}/v1/budgets${meta === null ? '' : `?meta=${encodeURIComponent(JSON.stringify(meta))}`}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'text/csv', 'Idempotency-Key': opts.idempotencyKey ?? randomUUID(), ...opts.headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  return readResponse(res);
}

/** POST /v1/budgets as multipart/form-data (a Fiscal Data Package, or `file` for a CSV). */
export async function importMultipart(base: string, key: string, parts: [string, string | Blob][], opts: { idempotencyKey?: string } = {}) {
  const form = new FormData();
  for (const [name, value] of parts) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value, name);
  }
  const res = await fetch(`${base}/v1/budgets`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Idempotency-Key': opts.idempotencyKey ?? randomUUID() },
    body: form,
  });
  return readResponse(res);
}

/** GET with a key. */
export const get = (base: string, key: string, path: string): Promise<Answer> => call(base, path, { key });

/** A byte stream cut into pieces of `size` bytes: multi-byte characters fall across chunk boundaries. */
export function chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  return (async function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  })();
}

/** Trillions and hundred-millions of won (조, 억) → won, for figures written as the sources write them. */
export const jo = (n: number) => n * 1_000_000_000_000;
export const eok = (n: number) => n * 100_000_000;

import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SiteCreated } from '@madang/contracts';

export interface Call {
  method?: string;
  key?: string;
  body?: unknown;
  raw?: string;
  idempotencyKey?: string | null;
  origin?: string;
  headers?: Record<string, string>;
}

export async function call(base: string, path: string, c: Call = {}) {
  const method = c.method ?? (c.body !== undefined || c.raw !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = { ...c.headers };
  if (c.key) headers.Authorization = `Bearer ${c.key}`;
  if (c.origin) headers.Origin = c.origin;
  if (c.body !== undefined || c.raw !== undefined) headers['Content-Type'] ??= 'application/json';
  if (method === 'POST' && c.idempotencyKey !== null) headers['Idempotency-Key'] = c.idempotencyKey ?? randomUUID();
  const res = await fetch(base + path, { method, headers, body: c.raw ?? (c.body !== undefined ? JSON.stringify(c.body) : undefined) });
  return readResponse(res);
}

/** A response, read once: status, headers, the body's text and its JSON (undefined when it is not JSON). */
export interface Answer {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

export async function readResponse(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export function voterToken(site: SiteCreated, sub: string, opts: { exp?: string | number; aud?: string; secret?: string } = {}) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setAudience(opts.aud ?? site.voterTokenAudience)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '10m')
    .sign(new TextEncoder().encode(opts.secret ?? site.voterTokenSecret));
}

/** An unsigned token (`alg: none`), as an attacker would send. */
export function unsignedToken(site: SiteCreated, sub: string) {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub, aud: site.voterTokenAudience, exp: Math.floor(Date.now() / 1000) + 600 })}.`;
}

export const deviceId = () => randomUUID().replace(/-/g, '');

export async function createPoll(base: string, site: SiteCreated, body: Record<string, unknown>) {
  const r = await call(base, '/v1/polls', { key: site.secretKey, body });
  if (r.status !== 201) throw new Error(`create poll failed: ${r.status} ${r.text}`);
  return r.json as { id: string } & Record<string, any>;
}

/** Reads a results stream; `next()` resolves with the next `results` event's data. */
export async function openStream(url: string, headers: Record<string, string> = {}) {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  const queue: any[] = [];
  const waiters: ((v: any) => void)[] = [];
  let failed: unknown;
  if (res.ok && res.body) {
    (async () => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (event === 'results') {
            const v = JSON.parse(data);
            const w = waiters.shift();
            if (w) w(v);
            else queue.push(v);
          }
        }
      }
    })().catch((e) => (failed = e));
  }
  return {
    status: res.status,
    headers: res.headers,
    body: res.ok ? undefined : await res.text(),
    next(timeoutMs = 5000): Promise<any> {
      if (queue.length) return Promise.resolve(queue.shift());
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no results event within ${timeoutMs} ms ${failed ?? ''}`)), timeoutMs);
        waiters.push((v) => {
          clearTimeout(t);
          resolve(v);
        });
      });
    },
    /** Waits for an event matching `pred`, skipping others. */
    async until(pred: (r: any) => boolean, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const r = await this.next(Math.max(1, end - Date.now()));
        if (pred(r)) return r;
      }
    },
    close: () => ac.abort(),
  };
}

// ---------------------------------------------------------------------------- proposals

export const consentFor = (items: ('name' | 'email' | 'phone')[], version = '2026-11-01') => ({
  version,
  items,
  agreedAt: new Date().toISOString(),
});

/** GET /v1/proposals/challenge with the site's publishable key. */
export async function challenge(base: string, site: SiteCreated) {
  const r = await call(base, '/v1/proposals/challenge', { key: site.publishableKey });
  if (r.status !== 200) throw new Error(`challenge failed: ${r.status} ${r.text}`);
  return r.json as { formToken: string; minFillSeconds: number; altcha: null | Record<string, any> };
}

/** Submits a proposal with a fresh form token; `body` overrides the defaults (antiSpam is merged). */
export async function submit(base: string, site: SiteCreated, body: Record<string, any> = {}, c: Call = {}) {
  const formToken = body.antiSpam?.formToken ?? (await challenge(base, site)).formToken;
  return call(base, '/v1/proposals', {
    key: site.publishableKey,
    ...c,
    body: { title: '제안 제목', body: '제안 내용', category: 'welfare', ...body, antiSpam: { ...body.antiSpam, formToken } },
  });
}

/** Submits and walks a proposal along `path` with the secret key; returns the last admin view and the receipt. */
export async function proposalIn(base: string, site: SiteCreated, path: { to: string; note?: unknown }[], body: Record<string, any> = {}) {
  const s = await submit(base, site, body);
  if (s.status !== 201) throw new Error(`submit failed: ${s.status} ${s.text}`);
  let last: any;
  for (const step of path) {
    const t = await call(base, `/v1/proposals/${s.json.id}/transitions`, { key: site.secretKey, body: step });
    if (t.status !== 201) throw new Error(`transition to ${step.to} failed: ${t.status} ${t.text}`);
    last = t.json;
  }
  return { receipt: s.json as { id: string; receiptNumber: string; trackingCode: string }, admin: last };
}

export async function putSettings(base: string, site: SiteCreated, settings: Record<string, unknown>) {
  const r = await call(base, '/v1/proposal-settings', { method: 'PUT', key: site.secretKey, body: settings });
  if (r.status !== 200) throw new Error(`settings failed: ${r.status} ${r.text}`);
  return r.json;
}

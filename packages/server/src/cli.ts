/**
 * `madang` — the admin CLI.
 *
 * Admin commands never open a PGlite directory that a running server holds: when the data
 * directory's lock names a live server, they go through that server's loopback admin API;
 * otherwise (stopped directory, or PostgreSQL via DATABASE_URL) they open the database
 * themselves.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { problemSlug, type BudgetDataset, type ProblemFieldError } from '@madang/contracts';
import { describeFile, importFileOp, readWithProgress, type FileImport } from './budget-ops.js';
import { openDb, type Db } from './db.js';
import { createOps, type Ops } from './ops.js';
import { HttpProblem } from './problems.js';
import { pgliteDir, startServer, VERSION } from './index.js';
import * as lock from './lock.js';

const HELP = `madang ${VERSION} — Madang admin CLI

Usage:
  madang serve [--port 8787] [--host 127.0.0.1] [--data-dir .madang]
  madang sites create --name NAME --origin URL [--origin URL…] [--jwks-url URL] [--voter-token-single-use on|off] [--json]
  madang sites update --site SITE_ID --voter-token-single-use on|off [--json]
                                                      on: voter tokens need a jti and are accepted once each
  madang keys create --site SITE_ID [--json]          another secret key (rotation)
  madang keys revoke --secret-key sk_…               (the site keeps at least one)
  madang polls create --site-key sk_… --file poll.json [--json]
  madang votes export --poll POLL_ID [--out votes.csv]
  madang demo [--origin URL…] [--json]

Citizen proposals:
  madang proposals settings --site-key sk_… --file settings.json [--json]
  madang proposals list --site-key sk_… [--state submitted] [--page N] [--page-size N] [--json]
                                                      the review queue (newest first, with contacts)
  madang proposals transition --site-key sk_… --id prop_… --to STATE [--note "…"] [--note-en "…"] [--json]
                                                      --note (Korean) is the public answer; required for accepted/rejected
  madang proposals export --site-key sk_… [--out proposals.csv]
                                                      contact columns only while the contact is still held
  madang proposals purge-expired [--json]              deletes contacts past each site's retention (cron-safe)

Budgets:
  madang budgets import --site-key sk_… --file budget.csv --meta meta.json [--json]
                        [--title "…"] [--title-en "…"] [--source "…"] [--source-url URL] [--as-of YYYY-MM-DD]
                        [--encoding auto|utf-8|cp949] [--unit won|thousand|million|hundredMillion] [--year N] [--phase P]
  madang budgets import --site-key sk_… --file datapackage.json [--meta meta.json] [--json]
                                                      a Fiscal Data Package (CSV resources beside the descriptor)
                                                      streamed, one transaction; progress on stderr; the same
                                                      content imported again gives the same dataset
  madang budgets list --site-key sk_… [--json]
  madang budgets delete --site-key sk_… --id bds_… [--json]

Storage: PostgreSQL when DATABASE_URL is set, else PGlite in --data-dir (env MADANG_DATA_DIR,
default .madang). While a server runs on that directory, commands go through its admin API.
Port: --port, else PORT, else 8787.`;

type Flags = Record<string, string | boolean | string[] | undefined>;

/** Where a command runs: on a database it opened itself, or through the server that holds the PGlite directory. */
type Target = { db: Db } | { server: { url: string; pid: number; adminToken: string } };

async function withTarget<T>(flags: Flags, run: (t: Target) => Promise<T>): Promise<{ result: T; via: string }> {
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = resolve(String(flags['data-dir'] ?? process.env.MADANG_DATA_DIR ?? '.madang'));
  if (!databaseUrl) {
    mkdirSync(dataDir, { recursive: true });
    const got = lock.acquire(dataDir, 'cli');
    if (!got.ok) {
      if (got.by.holder === 'cli') throw new Error(`another madang command (pid ${got.by.pid}) is using ${dataDir}; try again when it ends`);
      const server = (await lock.waitForServerUrl(dataDir))!;
      return { result: await run({ server: { url: server.url!, pid: server.pid, adminToken: server.adminToken! } }), via: `server ${server.url} (pid ${server.pid})` };
    }
  }
  try {
    const db = await openDb(databaseUrl ? { databaseUrl } : { dataDir: pgliteDir(dataDir) });
    try {
      return { result: await run({ db }), via: databaseUrl ? 'postgres' : `pglite ${dataDir}` };
    } finally {
      await db.close();
    }
  } finally {
    if (!databaseUrl) lock.release(dataDir);
  }
}

/** A problem answered by the server, as the HttpProblem it was there (so it prints the same way). */
function problemFrom(status: number, text: string): Error {
  try {
    const p = JSON.parse(text);
    const slug = typeof p.type === 'string' ? problemSlug(p.type) : undefined;
    if (slug) return new HttpProblem(slug, p.detail, { errors: p.errors, errorCount: p.errorCount });
    return new Error(`${p.title ?? `HTTP ${status}`}${p.detail ? `: ${p.detail}` : ''}`);
  } catch {
    return new Error(text || `HTTP ${status}`);
  }
}

function remoteOps(server: { url: string; adminToken: string }): Ops {
  return new Proxy({} as Ops, {
    get: (_, name: string) => async (args: unknown) => {
      const res = await fetch(`${server.url}/admin/ops/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(args ?? {}),
      });
      // Not res.text(): it drops a leading BOM, which CSV exports carry on purpose.
      const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
      if (!res.ok) {
        let detail = text;
        try {
          const p = JSON.parse(text);
          detail = `${p.title}${p.detail ? `: ${p.detail}` : ''}`;
        } catch {}
        throw new Error(detail);
      }
      return res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    },
  });
}

async function withOps<T>(flags: Flags, run: (ops: Ops) => Promise<T>): Promise<{ result: T; via: string }> {
  return withTarget(flags, (t) => run('db' in t ? createOps(t.db) : remoteOps(t.server)));
}

// ---------------------------------------------------------------------------- budgets import

/** Bytes read of the files being imported, on stderr: a bar on a terminal, a line every 10 % otherwise. */
function progressBar(total: number) {
  const tty = !!process.stderr.isTTY;
  const size = (n: number) => (total < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
  let read = 0;
  let lastDraw = 0;
  let lastStep = -1;
  let announced = false;
  const draw = (force: boolean) => {
    const pct = total ? Math.min(100, Math.floor((read * 100) / total)) : 100;
    if (tty) {
      const now = Date.now();
      if (!force && now - lastDraw < 100 && pct < 100) return;
      lastDraw = now;
      const width = 30;
      const filled = Math.round((width * pct) / 100);
      process.stderr.write(`\r\x1b[2Kimporting [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}%  ${size(read)} / ${size(total)}`);
    } else {
      const step = Math.floor(pct / 10);
      if (step <= lastStep) return;
      lastStep = step;
      process.stderr.write(`importing: ${size(read)} of ${size(total)} read (${pct}%)\n`);
    }
  };
  draw(true);
  return {
    add(n: number) {
      read += n;
      draw(false);
      if (read >= total && !announced) {
        announced = true;
        draw(true);
        process.stderr.write(`${tty ? '\n' : ''}importing: every byte read; checking and committing…\n`);
      }
    },
    end() {
      if (!announced && tty) process.stderr.write('\n');
    },
  };
}

/** The metadata of an import: --meta (a JSON file), overridden by the single flags. */
function importMeta(flags: Flags, kind: 'csv' | 'datapackage'): unknown {
  const base = flags.meta ? readJson(String(flags.meta)) : undefined;
  if (base !== undefined && (typeof base !== 'object' || base === null || Array.isArray(base))) throw new Error('--meta must be a JSON object (a BudgetImportMeta)');
  const m: Record<string, any> = { ...(base as object) };
  if (flags.title) m.title = { ...m.title, ko: String(flags.title) };
  if (flags['title-en']) m.title = { ...m.title, en: String(flags['title-en']) };
  if (flags.source) m.source = { url: null, ...m.source, name: { ...m.source?.name, ko: String(flags.source) } };
  if (flags['source-url']) m.source = { ...m.source, url: String(flags['source-url']) };
  if (flags['as-of']) m.asOf = String(flags['as-of']);
  if (flags.encoding) m.encoding = String(flags.encoding);
  if (flags.unit) m.unit = String(flags.unit);
  if (flags.year) m.year = Number(flags.year);
  if (flags.phase) m.phase = String(flags.phase);
  if (!Object.keys(m).length) {
    if (kind === 'csv') throw new Error('budgets import of a CSV needs --meta meta.json, or --title, --source and --as-of');
    return undefined;
  }
  return m;
}

/** A multipart/form-data body, streamed part by part (files are read as they are sent). */
function multipartBody(boundary: string, parts: { name: string; type: string; body: string | AsyncIterable<Uint8Array> }[]): AsyncIterable<Uint8Array> {
  return (async function* () {
    for (const p of parts) {
      const filename = typeof p.body === 'string' ? '' : `; filename="${p.name.replace(/["\r\n]/g, '_')}"`;
      yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name.replace(/["\r\n]/g, '_')}"${filename}\r\nContent-Type: ${p.type}\r\n\r\n`);
      if (typeof p.body === 'string') yield Buffer.from(p.body);
      else yield* p.body;
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  })();
}

/** The import through a running server's API (it holds the PGlite directory): streamed, with the site's secret key. */
async function importOverHttp(url: string, siteKey: string, f: FileImport, meta: unknown, onBytes: (n: number) => void) {
  let body: AsyncIterable<Uint8Array>;
  let target = `${url}/v1/budgets`;
  let type: string;
  if (f.kind === 'csv') {
    target += `?meta=${encodeURIComponent(JSON.stringify(meta))}`;
    type = 'text/csv';
    body = readWithProgress(f.files[0]!.path, onBytes);
  } else {
    const boundary = `madang-${randomUUID()}`;
    type = `multipart/form-data; boundary=${boundary}`;
    body = multipartBody(boundary, [
      ...(meta !== undefined ? [{ name: 'meta', type: 'application/json', body: JSON.stringify(meta) }] : []),
      { name: 'datapackage', type: 'application/json', body: JSON.stringify(f.descriptor) },
      ...f.files.map((file) => ({ name: file.name!, type: 'text/csv', body: readWithProgress(file.path, onBytes) })),
    ]);
  }
  const res = await fetch(target, {
    method: 'POST',
    headers: { Authorization: `Bearer ${siteKey}`, 'Content-Type': type, 'Idempotency-Key': randomUUID() },
    body: Readable.toWeb(Readable.from(body)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const text = await res.text();
  if (res.status !== 200 && res.status !== 201) throw problemFrom(res.status, text);
  return { dataset: JSON.parse(text) as BudgetDataset, created: res.status === 201 };
}

const describeDataset = (d: BudgetDataset) =>
  `${d.lineCount} line(s) · years ${d.years.join(', ')} · ${d.phases.join(', ')} · as of ${d.asOf} · sha256 ${d.contentHash.slice(0, 12)}…`;

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${file} as JSON: ${(e as Error).message}`);
  }
}

/** User text on one terminal line, without control characters (a title cannot move the cursor). */
const oneLine = (s: string) => {
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ');
  return flat.length > 60 ? flat.slice(0, 59) + '…' : flat;
};

/** A flag that takes on or off (parseArgs on Node 20 has no --no-… negation). */
function onOff(flags: Flags, name: string): boolean | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (v === 'on' || v === 'true') return true;
  if (v === 'off' || v === 'false') return false;
  throw new Error(`--${name} takes on or off, not "${String(v)}"`);
}

const list = (v: unknown) => (Array.isArray(v) ? v : v == null ? [] : [v]).map(String);

function print(value: unknown, json: boolean, human: () => string) {
  process.stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : human() + '\n');
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const { values: flags, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      name: { type: 'string' },
      origin: { type: 'string', multiple: true },
      'jwks-url': { type: 'string' },
      'voter-token-single-use': { type: 'string' },
      'site-key': { type: 'string' },
      site: { type: 'string' },
      'secret-key': { type: 'string' },
      file: { type: 'string' },
      poll: { type: 'string' },
      out: { type: 'string' },
      state: { type: 'string' },
      id: { type: 'string' },
      to: { type: 'string' },
      note: { type: 'string' },
      'note-en': { type: 'string' },
      page: { type: 'string' },
      'page-size': { type: 'string' },
      meta: { type: 'string' },
      title: { type: 'string' },
      'title-en': { type: 'string' },
      source: { type: 'string' },
      'source-url': { type: 'string' },
      'as-of': { type: 'string' },
      encoding: { type: 'string' },
      unit: { type: 'string' },
      year: { type: 'string' },
      phase: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const cmd = positionals.join(' ');
  const json = !!flags.json;
  if (flags.help || !cmd || cmd === 'help') {
    console.log(HELP);
    return 0;
  }
  switch (cmd) {
    case 'serve': {
      const port = Number(flags.port ?? process.env.PORT ?? 8787);
      const server = await startServer({
        port,
        host: flags.host ?? process.env.HOST,
        dataDir: flags['data-dir'],
        databaseUrl: process.env.DATABASE_URL,
        trustProxy: process.env.MADANG_TRUST_PROXY === '1',
      });
      console.log(`Madang API ${VERSION} on ${server.url} (${server.engine}) — reference at ${server.url}/reference`);
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return new Promise<number>(() => {}); // runs until signalled
    }
    case 'sites create': {
      if (!flags.name) throw new Error('sites create needs --name');
      const singleUse = onOff(flags, 'voter-token-single-use');
      const { result, via } = await withOps(flags, (ops) =>
        ops.createSite({
          name: flags.name,
          origins: list(flags.origin),
          ...(flags['jwks-url'] ? { jwksUrl: flags['jwks-url'] } : {}),
          ...(singleUse !== undefined ? { voterTokenSingleUse: singleUse } : {}),
        }),
      );
      print(result, json, () =>
        [
          `Created site ${result.id} "${result.name}" (via ${via})`,
          `  publishable key (page source):   ${result.publishableKey}`,
          `  secret key (server side only):   ${result.secretKey}`,
          `  voter token secret (HS256):      ${result.voterTokenSecret}`,
          `  voter token audience (aud):      ${result.voterTokenAudience}`,
          `  allowed origins:                 ${result.origins.join(', ') || '(none)'}`,
          `  single-use voter tokens (jti):   ${result.voterTokenSingleUse ? 'on' : 'off'}`,
          'The secret key and voter token secret are shown only now.',
        ].join('\n'),
      );
      return 0;
    }
    case 'sites update': {
      if (!flags.site) throw new Error('sites update needs --site SITE_ID');
      const singleUse = onOff(flags, 'voter-token-single-use');
      if (singleUse === undefined) throw new Error('sites update needs a setting to change: --voter-token-single-use on|off');
      const { result, via } = await withOps(flags, (ops) => ops.updateSite({ siteId: String(flags.site), voterTokenSingleUse: singleUse }));
      print(result, json, () =>
        `Site ${result.id} "${oneLine(result.name)}" updated (via ${via})\n  single-use voter tokens (jti): ${result.voterTokenSingleUse ? 'on' : 'off'}`,
      );
      return 0;
    }
    case 'keys create': {
      if (!flags.site) throw new Error('keys create needs --site SITE_ID');
      const { result } = await withOps(flags, (ops) => ops.addSecretKey({ siteId: String(flags.site) }));
      print(result, json, () => `New secret key for ${result.siteId} (shown only now): ${result.secretKey}`);
      return 0;
    }
    case 'keys revoke': {
      if (!flags['secret-key']) throw new Error('keys revoke needs --secret-key sk_…');
      const { result } = await withOps(flags, (ops) => ops.revokeSecretKey({ secretKey: String(flags['secret-key']) }));
      print(result, json, () => `Revoked ${result.revoked} of ${result.siteId}`);
      return 0;
    }
    case 'polls create': {
      if (!flags['site-key'] || !flags.file) throw new Error('polls create needs --site-key sk_… and --file poll.json');
      const poll = readJson(String(flags.file));
      const { result } = await withOps(flags, (ops) => ops.createPoll({ siteKey: String(flags['site-key']), poll }));
      print(result, json, () => `Created poll ${result.id} (${result.kind}, ${result.status})`);
      return 0;
    }
    case 'votes export': {
      if (!flags.poll) throw new Error('votes export needs --poll POLL_ID');
      const { result } = await withOps(flags, (ops) => ops.exportVotes({ pollId: String(flags.poll) }));
      if (flags.out) writeFileSync(String(flags.out), result);
      else process.stdout.write(result);
      return 0;
    }
    case 'demo': {
      const origins = list(flags.origin);
      const { result } = await withOps(flags, (ops) => ops.demo(origins.length ? { origins } : {}));
      print(result, json, () =>
        `Demo site ${result.site.id} (${result.created ? 'created' : 'existing'}): pk ${result.site.publishableKey}\n` +
        `  yes/no poll ${result.polls.yesNo}\n  multiple-choice poll ${result.polls.multiple}\n` +
        `  ${result.proposals.length} sample proposals (madang proposals list --site-key sk_… shows them)\n` +
        `  budget datasets: 12 fields 2024 ${result.budgets.fields2024}, total expenditure ${result.budgets.totals}, MOHW 2025 ${result.budgets.mohw2025}`,
      );
      return 0;
    }
    case 'proposals settings': {
      if (!flags['site-key'] || !flags.file) throw new Error('proposals settings needs --site-key sk_… and --file settings.json');
      const settings = readJson(String(flags.file));
      const { result } = await withOps(flags, (ops) => ops.proposalSettings({ siteKey: String(flags['site-key']), settings }));
      print(result, json, () =>
        [
          'Proposal settings saved:',
          `  categories:        ${result.categories.map((c) => `${c.id} (${c.label.ko})`).join(', ')}`,
          `  regions:           ${result.regions.map((r) => r.id).join(', ') || '(none)'}`,
          `  contact:           ${result.contact}; kept ${result.retentionDays} days`,
          `  support threshold: ${result.supportThreshold ?? '(none)'} (${result.voterPolicy} supporters)`,
          `  anti-spam:         ${result.minFillSeconds} s minimum fill time, proof of work ${result.proofOfWork ? 'on' : 'off'}`,
          `  consent notice:    version ${result.consent.version}`,
        ].join('\n'),
      );
      return 0;
    }
    case 'proposals list': {
      if (!flags['site-key']) throw new Error('proposals list needs --site-key sk_…');
      const { result } = await withOps(flags, (ops) =>
        ops.listProposals({
          siteKey: String(flags['site-key']),
          ...(flags.state ? { state: String(flags.state) } : {}),
          ...(flags.page ? { page: String(flags.page) } : {}),
          ...(flags['page-size'] ? { pageSize: String(flags['page-size']) } : {}),
        }),
      );
      print(result, json, () => {
        const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
        const head = `${result.total} proposal(s)${flags.state ? ` in state ${flags.state}` : ''} — page ${result.page} of ${pages}`;
        const lines = result.items.map(
          (p) =>
            `  ${p.receiptNumber}  ${p.state.padEnd(12)} ${String(p.supportCount).padStart(5)} supports  ${p.id}  ${oneLine(p.title)}` +
            (p.contact ? '  [contact held]' : p.personalDataPurgedAt ? '  [contact purged]' : ''),
        );
        return [head, ...lines].join('\n');
      });
      return 0;
    }
    case 'proposals transition': {
      if (!flags['site-key'] || !flags.id || !flags.to) throw new Error('proposals transition needs --site-key sk_…, --id prop_… and --to STATE');
      if (flags['note-en'] && !flags.note) throw new Error('--note-en needs --note (the Korean answer) too');
      const note = flags.note ? { ko: String(flags.note), ...(flags['note-en'] ? { en: String(flags['note-en']) } : {}) } : undefined;
      const { result } = await withOps(flags, (ops) =>
        ops.transitionProposal({ siteKey: String(flags['site-key']), id: String(flags.id), to: String(flags.to), ...(note ? { note } : {}) }),
      );
      print(result, json, () => `Proposal ${result.receiptNumber} (${result.id}) is now ${result.state}`);
      return 0;
    }
    case 'proposals export': {
      if (!flags['site-key']) throw new Error('proposals export needs --site-key sk_…');
      const { result } = await withOps(flags, (ops) => ops.exportProposals({ siteKey: String(flags['site-key']) }));
      if (flags.out) writeFileSync(String(flags.out), result, { mode: 0o600 });
      else process.stdout.write(result);
      return 0;
    }
    case 'proposals purge-expired': {
      const { result, via } = await withOps(flags, (ops) => ops.purgeExpiredProposals({}));
      print(result, json, () => `Deleted the contact details of ${result.deleted} proposal(s) past their site's retention period (via ${via})`);
      return 0;
    }
    case 'budgets import': {
      if (!flags['site-key'] || !flags.file) throw new Error('budgets import needs --site-key sk_… and --file budget.csv (or datapackage.json)');
      const siteKey = String(flags['site-key']);
      const f = describeFile(String(flags.file));
      const meta = importMeta(flags, f.kind);
      const progress = progressBar(f.totalBytes);
      let outcome;
      try {
        outcome = await withTarget(flags, (t) =>
          'db' in t ? importFileOp(t.db, { siteKey, file: String(flags.file), meta, onBytes: progress.add }) : importOverHttp(t.server.url, siteKey, f, meta, progress.add),
        );
      } finally {
        progress.end();
      }
      const { result, via } = outcome;
      print(result, json, () =>
        `${result.created ? 'Imported' : 'Already imported (same content):'} budget dataset ${result.dataset.id} "${oneLine(result.dataset.title.ko)}" (via ${via})\n  ${describeDataset(result.dataset)}`,
      );
      return 0;
    }
    case 'budgets list': {
      if (!flags['site-key']) throw new Error('budgets list needs --site-key sk_…');
      const { result } = await withOps(flags, (ops) => ops.listBudgets({ siteKey: String(flags['site-key']) }));
      print(result, json, () =>
        [`${result.items.length} budget dataset(s)`, ...result.items.map((d) => `  ${d.id}  ${oneLine(d.title.ko)}\n      ${describeDataset(d)}`)].join('\n'),
      );
      return 0;
    }
    case 'budgets delete': {
      if (!flags['site-key'] || !flags.id) throw new Error('budgets delete needs --site-key sk_… and --id bds_…');
      const { result } = await withOps(flags, (ops) => ops.deleteBudget({ siteKey: String(flags['site-key']), id: String(flags.id) }));
      print(result, json, () => `Deleted budget dataset ${result.id} and its lines`);
      return 0;
    }
    default:
      throw new Error(`unknown command "${cmd}"; see madang help`);
  }
}

export async function run() {
  try {
    process.exitCode = await main();
  } catch (e) {
    const errors: ProblemFieldError[] = e instanceof HttpProblem ? (e.extra.errors ?? []) : [];
    if (errors.some((x) => x.line !== undefined)) {
      // A budget file's cell errors: one per line, as an editor would want them.
      console.error(`madang: ${(e as Error).message}`);
      for (const x of errors) console.error(`  ${x.resource ? `${x.resource} ` : ''}line ${x.line}${x.column ? `, column ${x.column}` : ''}: ${x.detail}`);
    } else {
      const msg = e instanceof HttpProblem ? `${e.message}${errors.length ? ' — ' + errors.map((x) => `${x.field}: ${x.detail}`).join('; ') : ''}` : (e as Error).message;
      console.error(`madang: ${msg}`);
    }
    process.exitCode = 1;
  }
}

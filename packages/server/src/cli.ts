/**
 * `madang` — the admin CLI.
 *
 * Admin commands never open a PGlite directory that a running server holds: when the data
 * directory's lock names a live server, they go through that server's loopback admin API;
 * otherwise (stopped directory, or PostgreSQL via DATABASE_URL) they open the database
 * themselves.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from './db.js';
import { createOps, type Ops } from './ops.js';
import { HttpProblem } from './problems.js';
import { pgliteDir, startServer, VERSION } from './index.js';
import * as lock from './lock.js';

const HELP = `madang ${VERSION} — Madang admin CLI

Usage:
  madang serve [--port 8787] [--host 127.0.0.1] [--data-dir .madang]
  madang sites create --name NAME --origin URL [--origin URL…] [--jwks-url URL] [--json]
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

Storage: PostgreSQL when DATABASE_URL is set, else PGlite in --data-dir (env MADANG_DATA_DIR,
default .madang). While a server runs on that directory, commands go through its admin API.
Port: --port, else PORT, else 8787.`;

type Flags = Record<string, string | boolean | string[] | undefined>;

async function withOps<T>(flags: Flags, run: (ops: Ops) => Promise<T>): Promise<{ result: T; via: string }> {
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = resolve(String(flags['data-dir'] ?? process.env.MADANG_DATA_DIR ?? '.madang'));
  if (!databaseUrl) {
    mkdirSync(dataDir, { recursive: true });
    const got = lock.acquire(dataDir, 'cli');
    if (!got.ok) {
      if (got.by.holder === 'cli') throw new Error(`another madang command (pid ${got.by.pid}) is using ${dataDir}; try again when it ends`);
      const server = (await lock.waitForServerUrl(dataDir))!;
      const remote = new Proxy({} as Ops, {
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
      return { result: await run(remote), via: `server ${server.url} (pid ${server.pid})` };
    }
  }
  try {
    const db = await openDb(databaseUrl ? { databaseUrl } : { dataDir: pgliteDir(dataDir) });
    try {
      return { result: await run(createOps(db)), via: databaseUrl ? 'postgres' : `pglite ${dataDir}` };
    } finally {
      await db.close();
    }
  } finally {
    if (!databaseUrl) lock.release(dataDir);
  }
}

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
      const { result, via } = await withOps(flags, (ops) =>
        ops.createSite({ name: flags.name, origins: list(flags.origin), ...(flags['jwks-url'] ? { jwksUrl: flags['jwks-url'] } : {}) }),
      );
      print(result, json, () =>
        [
          `Created site ${result.id} "${result.name}" (via ${via})`,
          `  publishable key (page source):   ${result.publishableKey}`,
          `  secret key (server side only):   ${result.secretKey}`,
          `  voter token secret (HS256):      ${result.voterTokenSecret}`,
          `  voter token audience (aud):      ${result.voterTokenAudience}`,
          `  allowed origins:                 ${result.origins.join(', ') || '(none)'}`,
          'The secret key and voter token secret are shown only now.',
        ].join('\n'),
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
        `  ${result.proposals.length} sample proposals (madang proposals list --site-key sk_… shows them)`,
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
    default:
      throw new Error(`unknown command "${cmd}"; see madang help`);
  }
}

export async function run() {
  try {
    process.exitCode = await main();
  } catch (e) {
    const msg = e instanceof HttpProblem ? `${e.message}${e.extra.errors ? ' — ' + e.extra.errors.map((x) => `${x.field}: ${x.detail}`).join('; ') : ''}` : (e as Error).message;
    console.error(`madang: ${msg}`);
    process.exitCode = 1;
  }
}

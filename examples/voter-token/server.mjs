/**
 * A host site's own login, as small as it can be (node:http, no framework): a fake sign-in form,
 * a session cookie, and `GET /voter-token`, which signs a Madang voter token for the signed-in
 * citizen (./token.mjs). The page embeds <madang-poll> and its script sets the widget's
 * `voterToken` property from that endpoint (so the token never sits in the HTML), refreshing it
 * before it expires.
 *
 *   node examples/voter-token/server.mjs         # one command: starts its own in-memory Madang API too
 *
 * Against an API you run (see README.md for creating the site and the verified poll):
 *   MADANG_API=http://127.0.0.1:8787 MADANG_PK=pk_… MADANG_POLL=poll_… \
 *   MADANG_VOTER_SECRET=… MADANG_VOTER_AUDIENCE=madang:site_… node examples/voter-token/server.mjs
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { signVoterToken } from './token.mjs';

/** The fake user database. `id` is the stable id that becomes the token's `sub`; never the login name. */
export const DEMO_USERS = {
  kim: { password: 'demo', id: 'citizen-0001', name: '김민원' },
  lee: { password: 'demo', id: 'citizen-0002', name: '이참여' },
};

const PAGE_JS = readFileSync(fileURLToPath(new URL('./page.js', import.meta.url)), 'utf8');

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function sameSecret(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 4096) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

const cookie = (req, name) =>
  (req.headers.cookie ?? '')
    .split(';')
    .map((p) => p.trim().split('='))
    .find(([k]) => k === name)?.[1];

/**
 * Starts the host site.
 * @param {{ api: string, siteKey: string, pollId: string, voterSecret: string, voterAudience: string,
 *           port?: number, host?: string, widgetsUrl?: string, publicUrl?: string,
 *           users?: typeof DEMO_USERS, tokenTtlSeconds?: number }} opts
 *   port: default 3000 (0 picks a free one); publicUrl: the site's https address, to mark the cookie Secure.
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startHostSite(opts) {
  const { api, siteKey, pollId, voterSecret, voterAudience, users = DEMO_USERS, tokenTtlSeconds = 600 } = opts;
  const apiOrigin = new URL(api).origin;
  // Pin a version in production (`/widgets/0.1.0/madang.js`); `latest` keeps the example version-free.
  const widgetsUrl = opts.widgetsUrl ?? `${apiOrigin}/widgets/latest/madang.js`;
  /** session id → user key. In memory: a real site has its own session store. */
  const sessions = new Map();
  const secure = new URL(opts.publicUrl ?? 'http://x').protocol === 'https:';

  const headers = {
    'Content-Security-Policy': `default-src 'none'; script-src 'self' ${apiOrigin}; style-src 'self'; connect-src 'self' ${apiOrigin}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  };

  const page = (user, error) => `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>본인 확인 투표 예제 (voter-token example)</title>
<script type="module" src="${esc(widgetsUrl)}"></script>
${user ? '<script type="module" src="/page.js"></script>' : ''}
</head>
<body>
<main>
<h1>본인 확인 투표 예제</h1>
${
  user
    ? `<p>${esc(user.name)} 님으로 로그인했습니다. (Signed in as ${esc(user.name)}.)</p>
<form method="post" action="/logout"><button type="submit">로그아웃 (Sign out)</button></form>`
    : `<p>이 투표는 로그인한 시민만 참여할 수 있습니다. (Only signed-in citizens can vote.)</p>
${error ? '<p role="alert">아이디 또는 비밀번호가 맞지 않습니다. (Wrong user name or password.)</p>' : ''}
<form method="post" action="/login">
<p><label for="user">아이디 (user name): kim 또는 lee</label><br><input id="user" name="user" autocomplete="username" required></p>
<p><label for="password">비밀번호 (password): demo</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">로그인 (Sign in)</button></p>
</form>`
}
<madang-poll api="${esc(apiOrigin)}" site-key="${esc(siteKey)}" poll="${esc(pollId)}"></madang-poll>
</main>
</body>
</html>
`;

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://host');
      const sid = cookie(req, 'sid');
      const userKey = sid ? sessions.get(sid) : undefined;
      const user = userKey ? users[userKey] : undefined;

      if (req.method === 'GET' && url.pathname === '/') {
        res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        return res.end(page(user, url.searchParams.has('error')));
      }
      if (req.method === 'GET' && url.pathname === '/page.js') {
        res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' });
        return res.end(PAGE_JS);
      }
      if (req.method === 'POST' && url.pathname === '/login') {
        const form = await readForm(req);
        const name = form.get('user') ?? '';
        const found = Object.hasOwn(users, name) ? users[name] : undefined;
        if (!found || !sameSecret(form.get('password') ?? '', found.password)) {
          res.writeHead(303, { ...headers, Location: '/?error=1' });
          return res.end();
        }
        const id = randomBytes(32).toString('base64url');
        sessions.set(id, name);
        res.writeHead(303, { ...headers, Location: '/', 'Set-Cookie': `sid=${id}; HttpOnly; SameSite=Lax; Path=/${secure ? '; Secure' : ''}` });
        return res.end();
      }
      if (req.method === 'POST' && url.pathname === '/logout') {
        if (sid) sessions.delete(sid);
        res.writeHead(303, { ...headers, Location: '/', 'Set-Cookie': 'sid=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0' });
        return res.end();
      }
      if (req.method === 'GET' && url.pathname === '/voter-token') {
        if (!user) {
          res.writeHead(401, { ...headers, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          return res.end(JSON.stringify({ error: 'sign in first' }));
        }
        const token = await signVoterToken({ subject: user.id, secret: voterSecret, audience: voterAudience, expiresIn: tokenTtlSeconds });
        res.writeHead(200, { ...headers, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        return res.end(JSON.stringify({ token, expiresIn: tokenTtlSeconds }));
      }
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found');
    } catch (e) {
      res.writeHead(400, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(String(e?.message ?? e));
    }
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 3000, host, resolve);
  });
  const { port } = server.address();
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

/** A verified yes/no poll, the kind that needs voter tokens. Also in poll.json for `madang polls create`. */
export const EXAMPLE_POLL = JSON.parse(readFileSync(fileURLToPath(new URL('./poll.json', import.meta.url)), 'utf8'));

async function main() {
  const env = process.env;
  const port = Number(env.PORT ?? 3000);
  let api = env.MADANG_API;
  let siteKey = env.MADANG_PK;
  let pollId = env.MADANG_POLL;
  let voterSecret = env.MADANG_VOTER_SECRET;
  let voterAudience = env.MADANG_VOTER_AUDIENCE;
  let madang;

  if (!api) {
    // One command: an in-memory Madang API of our own, a site that allows this page's origin, a verified poll.
    let startServer;
    try {
      ({ startServer } = await import('@madang/server'));
    } catch {
      console.error('The Madang server is not built: run `pnpm build` (or `npm run build`) at the repository root first.');
      process.exit(1);
    }
    madang = await startServer({ dataDir: 'memory://', port: Number(env.MADANG_PORT ?? 0) });
    const site = await madang.ops.createSite({
      name: '예제 부처 (voter-token example)',
      origins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
    });
    const poll = await madang.ops.createPoll({ siteKey: site.secretKey, poll: EXAMPLE_POLL });
    api = madang.url;
    siteKey = site.publishableKey;
    pollId = poll.id;
    voterSecret = site.voterTokenSecret;
    voterAudience = site.voterTokenAudience;
    console.log(`Madang API (in memory, for this example): ${api}`);
  } else {
    for (const [name, v] of Object.entries({ MADANG_PK: siteKey, MADANG_POLL: pollId, MADANG_VOTER_SECRET: voterSecret, MADANG_VOTER_AUDIENCE: voterAudience })) {
      if (!v) {
        console.error(`Set ${name} (see examples/voter-token/README.md).`);
        process.exit(2);
      }
    }
  }

  const site = await startHostSite({ api, siteKey, pollId, voterSecret, voterAudience, port, host: env.HOST ?? '127.0.0.1' });
  console.log(`Host site: http://localhost:${site.port}/  — sign in as kim / demo or lee / demo, then vote.`);
  const stop = async () => {
    await site.close();
    await madang?.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

/**
 * A ministry's own server using the SDK (Node ≥ 20):
 *   1. creates a verified yes/no poll with a committee threshold (secret key, admin client);
 *   2. signs a voter token for a signed-in citizen, as the site's login would (HS256);
 *   3. casts that citizen's vote (publishable key, browser client — the same one the widget uses);
 *   4. follows the live results until the vote shows, then stops;
 *   5. imports a budget CSV (Korean headers, amounts in 억원) and reads its top-level view.
 *
 * Needs a running API and a site:   pnpm madang sites create --name "Example" --json
 *   MADANG_API=http://localhost:8787 MADANG_PK=pk_… MADANG_SK=sk_… \
 *   MADANG_VOTER_SECRET=… MADANG_VOTER_AUDIENCE=madang:site_… node examples/node-sdk/index.mjs
 */
import { readFile } from 'node:fs/promises';
import { SignJWT } from 'jose';
import { createClient, MadangApiError } from '@madang/sdk';
import { createAdminClient } from '@madang/sdk/admin';

const env = (name) => {
  const v = process.env[name];
  if (!v) {
    console.error(`Set ${name} (see the comment at the top of this file).`);
    process.exit(2);
  }
  return v;
};
const baseUrl = env('MADANG_API');

const admin = createAdminClient({ baseUrl, secretKey: env('MADANG_SK') });
const poll = await admin.polls.create({
  kind: 'yes_no',
  question: { ko: '주민센터 무인 민원발급기를 24시간 운영하는 데 찬성하십니까?', en: 'Should community-centre document kiosks run around the clock?' },
  voterPolicy: 'verified',
  threshold: { optionId: 'yes', count: 1000 },
});
console.log(`created ${poll.id} (${poll.status}): ${poll.question.ko}`);

const voterToken = await new SignJWT({})
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject(`citizen-${Date.now()}`)
  .setAudience(env('MADANG_VOTER_AUDIENCE'))
  .setExpirationTime('10m')
  .sign(new TextEncoder().encode(env('MADANG_VOTER_SECRET')));

const client = createClient({ baseUrl, siteKey: env('MADANG_PK') });
const seen = new Promise((resolve) => {
  const stop = client.polls.subscribe(poll.id, (r) => {
    console.log(`live: ${r.totalVotes} vote(s); yes ${r.threshold?.current} / ${r.threshold?.count}`);
    if (r.totalVotes === 1) {
      stop();
      resolve(r);
    }
  });
});

const receipt = await client.polls.vote(poll.id, { choices: ['yes'], voterToken });
console.log(`voted: receipt ${receipt.receiptId}`);
try {
  await client.polls.vote(poll.id, { choices: ['no'], voterToken });
} catch (e) {
  if (!(e instanceof MadangApiError)) throw e;
  console.log(`second vote refused: ${e.status} ${e.slug}`);
}
await seen;
await admin.polls.close(poll.id, '예제 종료');
console.log('closed');

// A budget CSV as Korean government exports look (the example data of this repository).
const dir = new URL('../data/', import.meta.url);
const meta = JSON.parse(await readFile(new URL('total-expenditure-2024-2025.meta.json', dir), 'utf8'));
const { dataset, created } = await admin.budgets.import(meta, await readFile(new URL('total-expenditure-2024-2025.csv', dir)));
console.log(`${created ? 'imported' : 'already there'}: ${dataset.id}, ${dataset.lineCount} lines, years ${dataset.years.join(', ')}`);
const view = await client.budgets.view(dataset.id, { year: 2025, phase: 'approved' });
for (const row of view.rows) {
  const change = row.change === null ? '' : ` (${(row.change * 100).toFixed(1)}% on the year before)`;
  console.log(`budget ${view.year} ${view.phase}: ${row.name} ${row.amount.toLocaleString('en')} won${change}`);
}
console.log('done');

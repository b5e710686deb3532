/**
 * Administrative operations, written once and reached two ways: directly on a database the
 * CLI opened itself (PostgreSQL, or a PGlite directory no server holds), or through the
 * running server's loopback admin API (a PGlite directory admits one process only).
 */
import { stringify } from 'csv-stringify/sync';
import {
  PollCreate,
  SiteCreate,
  SiteUpdate,
  type AdminProposal,
  type AdminProposalPage,
  type BudgetDatasetList,
  type Poll,
  type ProposalSettings,
  type Site,
  type SiteCreated,
} from '@madang/contracts';
import { deleteBudgetOp, ensureDemoBudgets, listBudgetsOp, type DemoBudgets } from './budget-ops.js';
import type { Db } from './db.js';
import { createPoll } from './polls.js';
import { HttpProblem, validate } from './problems.js';
import { addSecretKey, createSite, revokeSecretKey, SiteDirectory, updateSite } from './sites.js';
import { ensureDemoProposals, exportProposals, listProposalsOp, purgeExpired, setProposalSettings, transitionOp } from './proposal-ops.js';

export interface DemoResult {
  site: { id: string; name: string; publishableKey: string; origins: string[]; secretKey?: string };
  polls: { yesNo: string; multiple: string };
  /** The demo site's sample proposals (ids, oldest first). */
  proposals: string[];
  /** The demo site's budget datasets, imported from examples/data/ (figures from the project's context, each line with its source). */
  budgets: DemoBudgets;
  created: boolean;
}

export interface Ops {
  createSite(input: unknown): Promise<SiteCreated>;
  /** Changes a site's settings (a SiteUpdate besides `siteId`). */
  updateSite(args: { siteId: string } & Record<string, unknown>): Promise<Site>;
  addSecretKey(args: { siteId: string }): Promise<{ siteId: string; secretKey: string }>;
  revokeSecretKey(args: { secretKey: string }): Promise<{ siteId: string; revoked: string }>;
  createPoll(args: { siteKey: string; poll: unknown }): Promise<Poll>;
  exportVotes(args: { pollId: string }): Promise<string>;
  demo(args?: { origins?: string[] }): Promise<DemoResult>;
  /** Replaces the proposal settings given (a ProposalSettingsUpdate), keeps the rest. */
  proposalSettings(args: { siteKey: string; settings: unknown }): Promise<ProposalSettings>;
  /** The review queue (`state: 'submitted'`) or any state, newest first, with contacts. */
  listProposals(args: { siteKey: string; state?: string; page?: number | string; pageSize?: number | string }): Promise<AdminProposalPage>;
  transitionProposal(args: { siteKey: string; id: string; to: string; note?: { ko: string; en?: string } }): Promise<AdminProposal>;
  exportProposals(args: { siteKey: string }): Promise<string>;
  /** Deletes the authors' contacts whose retention period ended, on every site. Idempotent. */
  purgeExpiredProposals(args?: Record<string, never>): Promise<{ deleted: number; proposals: string[] }>;
  /** The site's budget datasets, newest first. (Imports stream files: the CLI does them itself or over HTTP.) */
  listBudgets(args: { siteKey: string }): Promise<BudgetDatasetList>;
  deleteBudget(args: { siteKey: string; id: string }): Promise<{ id: string; deleted: true }>;
}

export const OP_NAMES = [
  'createSite',
  'updateSite',
  'addSecretKey',
  'revokeSecretKey',
  'createPoll',
  'exportVotes',
  'demo',
  'proposalSettings',
  'listProposals',
  'transitionProposal',
  'exportProposals',
  'purgeExpiredProposals',
  'listBudgets',
  'deleteBudget',
] as const;


export const DEMO_SITE_NAME = '마당 데모 (Madang demo)';

export function createOps(db: Db, onChange: () => void = () => {}): Ops {
  const ops: Ops = {
    async createSite(input) {
      const site = await createSite(db, validate(SiteCreate, input));
      onChange();
      return site;
    },

    async updateSite({ siteId, ...update }) {
      const site = await updateSite(db, String(siteId ?? ''), validate(SiteUpdate, update));
      onChange();
      return site;
    },

    async addSecretKey({ siteId }) {
      return addSecretKey(db, String(siteId ?? ''));
    },

    async revokeSecretKey({ secretKey }) {
      const out = await revokeSecretKey(db, String(secretKey ?? ''));
      onChange();
      return out;
    },

    async createPoll({ siteKey, poll }) {
      const found = await new SiteDirectory(db, 0).byKey(String(siteKey ?? ''));
      if (!found || found.kind !== 'secret') throw new HttpProblem('unauthorized', 'polls create needs a valid secret key (sk_…)');
      return createPoll(db, found.site.id, validate(PollCreate, poll));
    },

    async exportVotes({ pollId }) {
      const [poll] = await db.query('SELECT id, question, options FROM polls WHERE id = $1', [pollId]);
      if (!poll) throw new HttpProblem('not-found', `no poll ${pollId}`);
      const labels = new Map<string, string>((poll.options as { id: string; label: { ko: string } }[]).map((o) => [o.id, o.label.ko]));
      const rows = await db.query(
        'SELECT receipt_id, voter_kind, choices, created_at FROM votes WHERE poll_id = $1 ORDER BY created_at, receipt_id',
        [pollId],
      );
      // Voter identities are never exported: the receipt id is the only per-vote handle.
      return stringify(
        rows.map((r) => [
          r.receipt_id,
          poll.id,
          poll.question.ko,
          (r.choices as string[]).join(';'),
          (r.choices as string[]).map((c) => labels.get(c) ?? c).join(';'),
          r.voter_kind,
          new Date(r.created_at).toISOString(),
        ]),
        {
          header: true,
          columns: ['receipt_id', 'poll_id', 'question', 'choice_ids', 'choice_labels', 'voter_kind', 'voted_at'],
          // Cells starting with = + - @ (or tab/CR) are prefixed with ' so spreadsheets show text.
          escape_formulas: true,
          bom: true,
        },
      );
    },

    async demo({ origins = ['http://localhost:8080', 'http://127.0.0.1:8080'] } = {}) {
      const [existing] = await db.query('SELECT id, name, publishable_key, origins FROM sites WHERE name = $1 ORDER BY created_at LIMIT 1', [DEMO_SITE_NAME]);
      if (existing) {
        const wanted = [...new Set([...(existing.origins as string[]), ...origins])];
        if (wanted.length !== existing.origins.length) {
          await db.query('UPDATE sites SET origins = $2 WHERE id = $1', [existing.id, wanted]);
          onChange();
        }
        const polls = await db.query('SELECT id, kind FROM polls WHERE site_id = $1 ORDER BY created_at', [existing.id]);
        return {
          created: false,
          site: { id: existing.id, name: existing.name, publishableKey: existing.publishable_key, origins: wanted },
          polls: { yesNo: polls.find((p) => p.kind === 'yes_no')!.id, multiple: polls.find((p) => p.kind === 'multiple')!.id },
          // A demo site made before proposals (or budgets) existed gets them now.
          proposals: await ensureDemoProposals(db, existing.publishable_key),
          budgets: await demoBudgets(existing.id),
        };
      }
      const site = await ops.createSite({ name: DEMO_SITE_NAME, origins });
      const yesNo = await createPoll(db, site.id, validate(PollCreate, {
        kind: 'yes_no',
        question: {
          ko: '공공기관 민원 서류를 모두 온라인으로 발급받을 수 있게 하는 혁신 과제에 찬성하십니까?',
          en: 'Do you support the innovation task to let citizens get every public-agency document online?',
        },
        description: {
          ko: '찬성이 10표에 이르면 정부혁신위원회에 회부됩니다. (데모에서는 기준을 낮춰 두었습니다.)',
          en: 'At 10 yes votes the task goes to the Government Innovation Committee. (The demo uses a low threshold.)',
        },
        voterPolicy: 'anonymous',
        resultsVisibility: 'always',
        threshold: { optionId: 'yes', count: 10 },
      }));
      const multiple = await createPoll(db, site.id, validate(PollCreate, {
        kind: 'multiple',
        question: { ko: '우리 동네에 가장 필요한 시설을 두 개까지 골라 주세요.', en: 'Pick up to two facilities our neighbourhood needs most.' },
        options: [
          { id: 'library', label: { ko: '작은 도서관', en: 'Small library' } },
          { id: 'park', label: { ko: '공원과 산책로', en: 'Park and walking trails' } },
          { id: 'childcare', label: { ko: '국공립 어린이집', en: 'Public childcare centre' } },
          { id: 'parking', label: { ko: '공영 주차장', en: 'Public parking' } },
        ],
        minChoices: 1,
        maxChoices: 2,
        voterPolicy: 'anonymous',
        resultsVisibility: 'after_vote',
      }));
      return {
        created: true,
        site: { id: site.id, name: site.name, publishableKey: site.publishableKey, origins: site.origins, secretKey: site.secretKey },
        polls: { yesNo: yesNo.id, multiple: multiple.id },
        proposals: await ensureDemoProposals(db, site.publishableKey),
        budgets: await demoBudgets(site.id),
      };
    },

    proposalSettings: ({ siteKey, settings }) => setProposalSettings(db, siteKey, settings),
    listProposals: (args) => listProposalsOp(db, args),
    transitionProposal: (args) => transitionOp(db, args),
    exportProposals: ({ siteKey }) => exportProposals(db, siteKey),
    purgeExpiredProposals: () => purgeExpired(db),
    listBudgets: (args) => listBudgetsOp(db, args),
    deleteBudget: (args) => deleteBudgetOp(db, args),
  };
  const demoBudgets = async (siteId: string) => {
    const ids = await ensureDemoBudgets(db, siteId);
    if (!ids) throw new Error('the example budget datasets (examples/data/) are missing');
    return ids;
  };
  return ops;
}

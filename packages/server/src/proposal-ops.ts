/**
 * The proposal side of the admin operations (ops.ts): settings from a file, the review queue,
 * transitions, the CSV export, the retention purge, and the demo site's proposals.
 */
import { randomBytes } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import {
  ProposalSettingsUpdate,
  ProposalSubmit,
  ProposalTransition,
  type AdminProposal,
  type AdminProposalPage,
  type ProposalSettings,
} from '@madang/contracts';
import type { Db } from './db.js';
import { HttpProblem, validate } from './problems.js';
import {
  adminListProposals,
  adminListQuery,
  getSettings,
  issueFormToken,
  purgeExpiredContacts,
  submitProposal,
  supportProposal,
  transitionProposal,
  updateSettings,
} from './proposals.js';
import { SiteDirectory, type SiteRecord } from './sites.js';

const noop = async () => {};

/** The site of a secret key; anything else is refused. */
export async function siteOfSecretKey(db: Db, siteKey: unknown, what: string): Promise<SiteRecord> {
  const found = await new SiteDirectory(db, 0).byKey(String(siteKey ?? ''));
  if (!found || found.kind !== 'secret') throw new HttpProblem('unauthorized', `${what} needs a valid secret key (sk_…)`);
  return found.site;
}

export async function setProposalSettings(db: Db, siteKey: unknown, settings: unknown): Promise<ProposalSettings> {
  const site = await siteOfSecretKey(db, siteKey, 'proposals settings');
  return updateSettings(db, site.id, validate(ProposalSettingsUpdate, settings));
}

export async function listProposalsOp(
  db: Db,
  args: { siteKey: string; state?: string; page?: number | string; pageSize?: number | string },
): Promise<AdminProposalPage> {
  const site = await siteOfSecretKey(db, args.siteKey, 'proposals list');
  const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  return adminListProposals(db, site.id, adminListQuery({ state: str(args.state), page: str(args.page), pageSize: str(args.pageSize) }));
}

export async function transitionOp(db: Db, args: { siteKey: string; id: string; to: unknown; note?: unknown }): Promise<AdminProposal> {
  const site = await siteOfSecretKey(db, args.siteKey, 'proposals transition');
  const t = validate(ProposalTransition, { to: args.to, ...(args.note ? { note: args.note } : {}) });
  return transitionProposal(db, site.id, String(args.id ?? ''), t, noop);
}

/**
 * Every proposal of the site as CSV (UTF-8 with BOM for spreadsheets; cells that start with
 * = + - @ are prefixed with ' so they stay text). The author's contact columns are filled only
 * while the contact is still held; after the retention purge they are empty and
 * personal_data_purged_at says when it was deleted.
 */
export async function exportProposals(db: Db, siteKey: unknown): Promise<string> {
  const site = await siteOfSecretKey(db, siteKey, 'proposals export');
  const rows = await db.query(
    `SELECT p.*, c.name, c.email, c.phone, c.consent_version, c.consent_items, c.consented_at
     FROM proposals p LEFT JOIN proposal_contacts c ON c.proposal_id = p.id
     WHERE p.site_id = $1 ORDER BY p.submitted_at, p.receipt_number`,
    [site.id],
  );
  const time = (v: unknown) => (v ? new Date(v as string).toISOString() : '');
  return stringify(
    rows.map((r) => [
      r.receipt_number,
      r.id,
      r.state,
      r.category,
      r.region ?? '',
      r.title,
      r.body,
      r.support_count,
      time(r.submitted_at),
      time(r.published_at),
      time(r.forwarded_at),
      r.answer?.ko ?? '',
      r.answer?.en ?? '',
      r.name ?? '',
      r.email ?? '',
      r.phone ?? '',
      r.consent_version ?? '',
      ((r.consent_items as string[] | null) ?? []).join(';'),
      time(r.consented_at),
      time(r.personal_data_purged_at),
    ]),
    {
      header: true,
      columns: [
        'receipt_number',
        'id',
        'state',
        'category',
        'region',
        'title',
        'body',
        'support_count',
        'submitted_at',
        'published_at',
        'forwarded_at',
        'answer_ko',
        'answer_en',
        'contact_name',
        'contact_email',
        'contact_phone',
        'consent_version',
        'consent_items',
        'consented_at',
        'personal_data_purged_at',
      ],
      escape_formulas: true,
      bom: true,
    },
  );
}

export const purgeExpired = (db: Db) => purgeExpiredContacts(db);

// ---------------------------------------------------------------------------- demo

export const DEMO_PROPOSAL_SETTINGS = {
  categories: [
    { id: 'welfare', label: { ko: '복지', en: 'Welfare' } },
    { id: 'transport', label: { ko: '교통', en: 'Transport' } },
    { id: 'environment', label: { ko: '환경', en: 'Environment' } },
    { id: 'administration', label: { ko: '행정', en: 'Administration' } },
  ],
  regions: [
    { id: 'seoul', label: { ko: '서울특별시', en: 'Seoul' } },
    { id: 'busan', label: { ko: '부산광역시', en: 'Busan' } },
    { id: 'daegu', label: { ko: '대구광역시', en: 'Daegu' } },
    { id: 'gyeonggi', label: { ko: '경기도', en: 'Gyeonggi-do' } },
    { id: 'jeju', label: { ko: '제주특별자치도', en: 'Jeju' } },
  ],
  contact: 'optional',
  supportThreshold: 5,
  voterPolicy: 'anonymous',
  retentionDays: 365,
  minFillSeconds: 3,
  proofOfWork: false,
} satisfies ProposalSettingsUpdate;

type Step = { to: ProposalTransition['to']; note?: { ko: string; en: string } };
const DEMO_PROPOSALS: { title: string; body: string; category: string; region?: string; path: Step[]; supports?: number }[] = [
  {
    title: '버스 정류장마다 그늘막과 온열 의자를 설치해 주세요',
    body: '여름에는 햇볕을 피할 곳이 없고 겨울에는 기다리기 너무 춥습니다. 어르신과 아이들이 많이 이용하는 정류장부터 그늘막과 온열 의자를 설치해 주시기 바랍니다.',
    category: 'transport',
    region: 'seoul',
    path: [{ to: 'under_review' }, { to: 'published' }],
    supports: 3,
  },
  {
    title: '주민센터 민원 서류를 무인 발급기에서 영어로도 발급받게 해 주세요',
    body: '외국인 주민이 늘었지만 무인 발급기는 한국어로만 안내합니다. 영어 안내와 영문 서류 발급을 지원해 주세요.',
    category: 'administration',
    region: 'gyeonggi',
    path: [
      { to: 'under_review' },
      { to: 'published' },
      {
        to: 'accepted',
        note: {
          ko: '제안을 채택했습니다. 내년 상반기까지 관내 무인 발급기 전체에 영어 안내를 추가하겠습니다.',
          en: 'Accepted. English guidance will be added to every kiosk in the district by the first half of next year.',
        },
      },
    ],
  },
  {
    title: '공원 산책로 전체에 가로등을 24시간 켜 주세요',
    body: '밤늦게 산책하는 주민이 많습니다. 안전을 위해 가로등을 밤새 켜 두면 좋겠습니다.',
    category: 'environment',
    region: 'busan',
    path: [
      { to: 'under_review' },
      { to: 'published' },
      {
        to: 'rejected',
        note: {
          ko: '빛 공해와 생태계 영향 때문에 24시간 점등은 어렵습니다. 대신 자정까지 점등 시간을 늘리고 동작 감지 조명을 시범 설치합니다.',
          en: 'All-night lighting would harm wildlife and cause light pollution. Instead, lights will stay on until midnight and motion-sensor lights will be piloted.',
        },
      },
    ],
  },
  {
    title: '어린이집 대기 현황을 실시간으로 공개해 주세요',
    body: '어린이집마다 대기 순번을 전화로만 확인할 수 있어 불편합니다. 온라인으로 실시간 대기 현황을 공개해 주세요.',
    category: 'welfare',
    region: 'daegu',
    path: [{ to: 'under_review' }, { to: 'published' }],
    // Reaches the demo threshold (5): forwarded to the committee by the system.
    supports: 5,
  },
  {
    title: '재활용 분리배출 요일을 앱으로 알려 주세요',
    body: '동마다 분리배출 요일이 달라 헷갈립니다. 구청 앱에서 주소별 배출 요일을 알림으로 보내 주세요.',
    category: 'environment',
    region: 'jeju',
    path: [
      { to: 'under_review' },
      { to: 'published' },
      { to: 'forwarded', note: { ko: '환경위원회 안건으로 회부했습니다.', en: 'Forwarded to the environment committee.' } },
      { to: 'implemented', note: { ko: '구청 앱에 배출 요일 알림을 추가했습니다.', en: 'The district app now sends collection-day reminders.' } },
    ],
  },
  {
    title: '복지 급여 신청 서류를 한 번만 내게 해 주세요',
    body: '기관마다 같은 서류를 반복해서 제출해야 합니다. 한 번 낸 서류를 기관끼리 공유하면 좋겠습니다.',
    category: 'welfare',
    path: [],
  },
];

/**
 * Gives the demo site its proposal settings and sample proposals (published with supports,
 * accepted and rejected with answers, forwarded by the threshold, implemented, one awaiting
 * review) — once: a site that already has proposals is left as it is.
 */
export async function ensureDemoProposals(db: Db, publishableKey: string): Promise<string[]> {
  const found = await new SiteDirectory(db, 0).byKey(publishableKey);
  if (!found) throw new HttpProblem('not-found', 'the demo site is missing');
  const site = found.site;
  const existing = await db.query('SELECT id FROM proposals WHERE site_id = $1 ORDER BY submitted_at', [site.id]);
  const [hasSettings] = await db.query('SELECT 1 FROM proposal_settings WHERE site_id = $1', [site.id]);
  if (!hasSettings) await updateSettings(db, site.id, DEMO_PROPOSAL_SETTINGS);
  if (existing.length) return existing.map((r) => r.id);
  const settings = await getSettings(db, site.id);
  const ids: string[] = [];
  for (const d of DEMO_PROPOSALS) {
    // A token issued a minute ago passes the minimum fill time like a person's form would.
    const { token } = issueFormToken(site, Date.now() - Math.max(60, settings.minFillSeconds + 1) * 1000);
    const input = validate(ProposalSubmit, {
      title: d.title,
      body: d.body,
      category: d.category,
      ...(d.region ? { region: d.region } : {}),
      antiSpam: { formToken: token },
    });
    const receipt = await submitProposal(db, site, input, noop);
    for (const step of d.path) await transitionProposal(db, site.id, receipt.id, step, noop);
    for (let i = 0; i < (d.supports ?? 0); i++) {
      await supportProposal(db, site, receipt.id, { deviceId: randomBytes(18).toString('base64url') }, noop);
    }
    ids.push(receipt.id);
  }
  return ids;
}

/** The OpenAPI 3.1 document, generated from the same schemas the server and SDK use. */
import * as z from 'zod/mini';
import * as c from './index.js';

const components = {
  Site: c.Site,
  SiteCreated: c.SiteCreated,
  LocalizedText: c.LocalizedText,
  PollOption: c.PollOption,
  Threshold: c.Threshold,
  PollStateEvent: c.PollStateEvent,
  Poll: c.Poll,
  PollCreate: c.PollCreate,
  PollUpdate: c.PollUpdate,
  VoteRequest: c.VoteRequest,
  OptionResult: c.OptionResult,
  ThresholdProgress: c.ThresholdProgress,
  PollResults: c.PollResults,
  VoteReceipt: c.VoteReceipt,
  Health: c.Health,
  ProposalCategory: c.ProposalCategory,
  ProposalSettings: c.ProposalSettings,
  ProposalSettingsUpdate: c.ProposalSettingsUpdate,
  ProposalStateEvent: c.ProposalStateEvent,
  Proposal: c.Proposal,
  ProposalPage: c.ProposalPage,
  ProposalReceipt: c.ProposalReceipt,
  ProposalChallenge: c.ProposalChallenge,
  ProposalSubmit: c.ProposalSubmit,
  SupportRequest: c.SupportRequest,
  SupportReceipt: c.SupportReceipt,
  ProposalTransition: c.ProposalTransition,
  AdminProposal: c.AdminProposal,
  AdminProposalPage: c.AdminProposalPage,
  ProblemFieldError: c.ProblemFieldError,
  Problem: c.Problem,
} as const;

type Json = Record<string, unknown>;

const PAGE = (max: number, dflt: number) => ({
  page: { description: 'Page number, 1-based.', schema: { type: 'integer', minimum: 1, default: 1 } },
  pageSize: { description: `Items per page (at most ${max}).`, schema: { type: 'integer', minimum: 1, maximum: max, default: dflt } },
});

/**
 * Query parameters of the routes that take them (a bad value is a 422 naming the parameter).
 * Keyed by route name (the type only admits names of `routes`).
 */
export const QUERY_PARAMETERS: Partial<Record<c.RouteName, Record<string, { description: string; schema: Json; required?: boolean }>>> = {
  results: {
    receipt: { description: 'A VoteReceipt.receiptId: shows `after_vote` results to the voter who holds it.', schema: { type: 'string' } },
  },
  resultsStream: {
    receipt: { description: 'A VoteReceipt.receiptId: shows `after_vote` results to the voter who holds it.', schema: { type: 'string' } },
    key: {
      description: 'Publishable key, for EventSource clients that cannot send headers. Secret keys are refused here.',
      schema: { type: 'string', pattern: '^pk_' },
    },
  },
  listProposals: {
    sort: {
      description: '`newest` (most recently published first) or `support` (most supported first).',
      schema: { type: 'string', enum: c.ProposalSort.options, default: 'newest' },
    },
    ...PAGE(50, 20),
    category: { description: 'Only proposals of this category id.', schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,31}$' } },
  },
  trackProposal: {
    code: {
      description: 'The tracking code from the receipt: shows the author’s own proposal in any state. Without it only a published proposal is found; a wrong code is a 404 like a missing receipt.',
      schema: { type: 'string', pattern: '^[A-Za-z0-9]{12,40}$' },
    },
  },
  adminListProposals: {
    state: { description: 'Only proposals in this state (`submitted` is the review queue). Newest submission first.', schema: { type: 'string', enum: c.ProposalState.options } },
    ...PAGE(100, 20),
  },
};

function schemas(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(components)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  }) as { schemas: Record<string, Json> };
  for (const s of Object.values(out.schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  return out.schemas;
}

const nameOf = (schema: unknown) => Object.entries(components).find(([, s]) => s === schema)?.[0];
const ref = (schema: unknown) => ({ $ref: `#/components/schemas/${nameOf(schema)}` });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref(c.Problem) } },
});

export function openApiDocument(opts: { version?: string; serverUrl?: string } = {}) {
  const paths: Record<string, Record<string, Json>> = {};
  for (const [name, route] of Object.entries(c.routes)) {
    const r = route as (typeof c.routes)[c.RouteName] & { body?: unknown; stream?: boolean };
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const op: Json = {
      operationId: name,
      summary: r.summary,
      parameters: [...params],
      responses: {
        [r.status]: r.stream
          ? {
              description: 'A text/event-stream of `results` events, each carrying PollResults as JSON. ' +
                'The first event is sent at once; later ones at most every 250 ms while votes arrive.',
              content: { 'text/event-stream': { schema: { type: 'string' } }, 'application/json': { schema: ref(r.response) } },
            }
          : { description: 'OK', content: { 'application/json': { schema: ref(r.response) } } },
        '4XX': problem('A problem (RFC 9457) naming the offending field where there is one'),
      },
    };
    if (r.auth !== 'none') {
      op.security = r.stream || r.auth === 'publishable'
        ? [{ publishableKey: [] }, { secretKey: [] }, ...(r.stream ? [{ keyQuery: [] }] : [])]
        : [{ secretKey: [] }];
    }
    if (r.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: ref(r.body) } } };
      if (r.method === 'post') {
        (op.parameters as Json[]).push({
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: 'Unique per logical write; a retry with the same key and body returns the stored response.',
          schema: { type: 'string', minLength: 8, maxLength: 255 },
        });
      }
    }
    for (const [qname, q] of Object.entries(QUERY_PARAMETERS[name as c.RouteName] ?? {})) {
      (op.parameters as Json[]).push({ name: qname, in: 'query', required: q.required ?? false, description: q.description, schema: q.schema });
    }
    (paths[r.path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Madang API',
      version: opts.version ?? '0.1.0',
      description:
        'One shared, multi-tenant API for citizen-participation widgets. Publishable keys (pk_) read and vote ' +
        'from browsers on the site’s allowed origins, and submit and support citizen proposals; secret keys (sk_) ' +
        'create and manage polls and review proposals from servers.',
    },
    servers: [{ url: opts.serverUrl ?? '/' }],
    paths,
    components: {
      schemas: schemas(),
      securitySchemes: {
        publishableKey: { type: 'http', scheme: 'bearer', description: 'pk_… key, safe in page source' },
        secretKey: { type: 'http', scheme: 'bearer', description: 'sk_… key, server side only' },
        keyQuery: { type: 'apiKey', in: 'query', name: 'key', description: 'pk_… key on the results stream' },
      },
    },
  };
}

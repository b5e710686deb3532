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
  BudgetNode: c.BudgetNode,
  BudgetLine: c.BudgetLine,
  BudgetSource: c.BudgetSource,
  BudgetDataset: c.BudgetDataset,
  BudgetDatasetList: c.BudgetDatasetList,
  BudgetDatasetDeleted: c.BudgetDatasetDeleted,
  BudgetFigures: c.BudgetFigures,
  BudgetRow: c.BudgetRow,
  BudgetView: c.BudgetView,
  BudgetComparisonRow: c.BudgetComparisonRow,
  BudgetComparison: c.BudgetComparison,
  BudgetLinePage: c.BudgetLinePage,
  BudgetColumnMapping: c.BudgetColumnMapping,
  BudgetImportMeta: c.BudgetImportMeta,
} as const;

type Json = Record<string, unknown>;

const PAGE = (max: number, dflt: number) => ({
  page: { description: 'Page number, 1-based.', schema: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 1 } },
  pageSize: { description: `Items per page (at most ${max}).`, schema: { type: 'integer', minimum: 1, maximum: max, default: dflt } },
});

type QueryParam = { description: string; schema: Json; required?: boolean };

/** The JSON Schema of each property of an object schema (a query shape), without `$schema`. */
function propertySchemas(schema: z.ZodMiniType): Record<string, Json> {
  const js = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }) as { properties?: Record<string, Json> };
  return js.properties ?? {};
}

/**
 * Query parameters derived from a query schema (`BudgetQuery`, `BudgetComparisonQuery`): every
 * property becomes a parameter with the schema's own constraints; `docs` must describe each one
 * (the type makes a property without a description a compile error), `override` replaces the
 * schema where the URL form differs (e.g. `path`, an array sent as one `>`-joined string).
 */
function queryFrom<S extends z.ZodMiniObject>(
  schema: S,
  docs: Record<keyof z.infer<S> & string, string>,
  override: Partial<Record<keyof z.infer<S> & string, Json>> = {},
): Record<string, QueryParam> {
  const props = propertySchemas(schema);
  // The server refuses NUL in every query parameter (PostgreSQL text cannot hold it).
  for (const p of Object.values(props)) if (p.type === 'string' && !p.pattern && !p.enum) p.pattern = '^[^\\u0000]*$';
  return Object.fromEntries(
    Object.keys(schema.def.shape).map((name) => [
      name,
      { description: docs[name as keyof typeof docs], schema: override[name as keyof typeof override] ?? props[name] ?? {} },
    ]),
  );
}

/** Descriptions of the view's query parameters; the semantics are in docs/api.md (Budgets). */
export const BUDGET_QUERY_DOCS: Record<keyof c.BudgetQuery, string> = {
  year: 'Fiscal year. Default: the latest year of the dataset. A year without lines gives an empty view.',
  phase: 'proposed (정부안), approved (국회 확정), adjusted (추경) or executed (결산). Default: `approved` when the year has approved lines, else the first of the four the year has.',
  path: 'Node keys (code, or name when a node has no code) from the top, joined with `>`: the view lists the children of that node. Empty or absent = the top level (분야). At most 4 keys. A path that no line of the dataset has is a 404 naming `path`.',
  organization: 'Only the lines of this organisation (its key: code, or name without a code).',
  q: 'Only rows whose name or code contains this text (trimmed; case-insensitive after Unicode NFC).',
  sort: 'amount (default), name, code, change (against the previous year) or execution (execution rate). Nulls last; ties by key.',
  order: '`desc` (default for amount, change, execution) or `asc` (default for name, code).',
  offset: 'Rows to skip (default 0).',
  limit: 'Rows per page (default 100, at most 10,000).',
};

export const BUDGET_COMPARISON_QUERY_DOCS: Record<keyof c.BudgetComparisonQuery, string> = {
  year: 'Fiscal year. Default: the latest year of the dataset.',
  phase: 'Budget phase. Default as for the view.',
  item: 'An economic item key (목: code, or name without a code). Absent = all items. An item no line of the dataset has is a 404 naming `item`.',
  sort: 'amount (default), perStaff, share or name. Nulls last; ties by key.',
  order: '`desc` (default for amount, perStaff, share) or `asc` (default for name).',
};

/**
 * Query parameters of the routes that take them (a bad value is a 422 naming the parameter).
 * Keyed by route name (the type only admits names of `routes`).
 */
export const QUERY_PARAMETERS: Partial<Record<c.RouteName, Record<string, QueryParam>>> = {
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
  budgetView: queryFrom(c.BudgetQuery, BUDGET_QUERY_DOCS, {
    // At most BUDGET_LEVELS - 1 keys of 1–200 characters each (no NUL, like every parameter).
    path: {
      type: 'string',
      maxLength: 1000,
      pattern: `^(?:[^>\\u0000]{1,200}(?:>[^>\\u0000]{1,200}){0,${c.BUDGET_LEVELS - 2}})?$`,
      examples: ['보건·복지·고용', '010>011'],
    },
  }),
  budgetComparison: queryFrom(c.BudgetComparisonQuery, BUDGET_COMPARISON_QUERY_DOCS),
  budgetLines: {
    year: { description: 'Only lines of this fiscal year (default: every year).', schema: propertySchemas(c.BudgetQuery).year! },
    phase: { description: 'Only lines of this phase (default: every phase).', schema: propertySchemas(c.BudgetQuery).phase! },
    offset: { description: 'Lines to skip (default 0).', schema: { type: 'integer', minimum: 0, default: 0 } },
    limit: { description: 'Lines per page (default 100, at most 1,000).', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
  },
  importBudget: {
    meta: {
      description:
        'With `Content-Type: text/csv`: the BudgetImportMeta as JSON (URL-encoded). With multipart/form-data send it as the `meta` part instead.',
      schema: { type: 'string', contentMediaType: 'application/json' },
    },
  },
};

/** The request body of the upload route (not JSON, so it is described here rather than by a schema). */
const IMPORT_BODY = {
  required: true,
  description:
    'A CSV file (UTF-8 with or without BOM, or CP949/EUC-KR), streamed; or multipart/form-data with the parts in this order: ' +
    '`meta` (JSON; a BudgetImportMeta, partial for a data package), then either `file` (one CSV) or `datapackage` (a Fiscal Data Package ' +
    'descriptor) followed by one part per CSV resource, named by the resource’s `path`, in the descriptor’s order. At most 200 MB.',
  content: {
    'text/csv': { schema: { type: 'string', contentMediaType: 'text/csv' } },
    'multipart/form-data': {
      schema: {
        type: 'object',
        properties: {
          meta: { $ref: '#/components/schemas/BudgetImportMeta' },
          file: { type: 'string', contentMediaType: 'text/csv' },
          datapackage: { type: 'object', description: 'A Fiscal Data Package descriptor (datapackage.json)' },
        },
      },
      encoding: { meta: { contentType: 'application/json' }, datapackage: { contentType: 'application/json' } },
    },
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

/**
 * Problems a route answers with besides those every route of its shape has (see `problemsOf`):
 * the outcomes of its own rules, and `validation` where its query parameters are checked. Keyed by route name, so a new route must say what it adds.
 */
export const ROUTE_PROBLEMS: Record<c.RouteName, c.ProblemSlug[]> = {
  health: [],
  createPoll: [],
  getPoll: [],
  updatePoll: [],
  vote: ['poll-not-open', 'poll-closed', 'already-voted', 'device-id-required', 'voter-token-required', 'invalid-voter-token'],
  results: [],
  resultsStream: [],
  getProposalSettings: [],
  updateProposalSettings: [],
  proposalChallenge: [],
  submitProposal: ['form-token-invalid', 'submitted-too-fast', 'spam-suspected', 'proof-of-work-required', 'already-submitted'],
  listProposals: ['validation'], // query parameters
  getProposal: [],
  trackProposal: [],
  supportProposal: ['proposal-not-open', 'already-supported', 'device-id-required', 'voter-token-required', 'invalid-voter-token'],
  transitionProposal: ['invalid-transition'],
  adminListProposals: ['validation'], // query parameters
  adminGetProposal: [],
  listBudgets: [],
  getBudget: [],
  budgetView: ['validation'], // query parameters
  budgetComparison: ['validation'], // query parameters
  budgetLines: ['validation'], // query parameters
  importBudget: ['invalid-budget-file'],
  deleteBudget: [],
};

/**
 * Every problem type a route may answer with: those of its shape (a key, a JSON body, an
 * Idempotency-Key, path parameters) and its own (`ROUTE_PROBLEMS`). The document
 * lists them per status (`x-problem-types`); the server's fuzz test holds it to that.
 */
export function problemsOf(name: c.RouteName): c.ProblemSlug[] {
  const r = c.routes[name] as (typeof c.routes)[c.RouteName] & { body?: unknown; upload?: boolean };
  // Any request: a request line or headers over the HTTP server's limit (e.g. a huge query string).
  const out = new Set<c.ProblemSlug>(['headers-too-large']);
  if (r.auth !== 'none') {
    // forbidden: a secret key sent from a browser (an Origin header), or a publishable key on a secret route.
    out.add('unauthorized').add('forbidden').add('rate-limited');
    if (r.method !== 'get') out.add('origin-not-allowed');
  }
  if (r.body) out.add('unsupported-media-type').add('payload-too-large').add('malformed-request').add('validation');
  if (r.upload) out.add('unsupported-media-type').add('payload-too-large').add('validation');
  if ((r.body || r.upload) && r.method === 'post') out.add('idempotency-key-required').add('idempotency-key-reused').add('idempotency-key-in-use');
  if (/\{\w+\}/.test(r.path)) out.add('not-found');
  for (const slug of ROUTE_PROBLEMS[name]) out.add(slug);
  return [...out];
}

/** One response per 4xx status the route may answer with, naming its problem types. */
function problemResponses(name: c.RouteName): Record<string, Json> {
  const byStatus = new Map<number, c.ProblemSlug[]>();
  for (const slug of problemsOf(name)) {
    const status = c.PROBLEM_TYPES[slug].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), slug]);
  }
  byStatus.set(500, ['internal']);
  const out: Record<string, Json> = {};
  for (const [status, slugs] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: slugs.map((s) => `\`${c.problemType(s)}\`: ${c.PROBLEM_TYPES[s].title}`).join('; '),
      content: { 'application/problem+json': { schema: ref(c.Problem) } },
      'x-problem-types': slugs.map((s) => c.problemType(s)),
    };
  }
  return out;
}

export function openApiDocument(opts: { version?: string; serverUrl?: string } = {}) {
  const paths: Record<string, Record<string, Json>> = {};
  for (const [name, route] of Object.entries(c.routes)) {
    const r = route as (typeof c.routes)[c.RouteName] & { body?: unknown; stream?: boolean; upload?: boolean };
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
        // RFC 9457 problems, naming the offending field where there is one.
        ...problemResponses(name as c.RouteName),
      },
    };
    if (r.auth !== 'none') {
      op.security = r.stream || r.auth === 'publishable'
        ? [{ publishableKey: [] }, { secretKey: [] }, ...(r.stream ? [{ keyQuery: [] }] : [])]
        : [{ secretKey: [] }];
    }
    if (r.upload) {
      op.requestBody = IMPORT_BODY;
      (op.responses as Json)['200'] = { description: 'The same content was imported before: the existing dataset', content: { 'application/json': { schema: ref(r.response) } } };
    }
    if (r.body || r.upload) {
      if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: ref(r.body) } } };
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
        'create and manage polls, review proposals and import budget datasets from servers; budget views are read with either key.',
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

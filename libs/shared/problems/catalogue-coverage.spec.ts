import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { OCDS_REPAIRS } from '../../history/sources/ocds-repairs';
import { PROBLEM_CATALOGUE, type ProblemCodeEntry } from './catalogue';

/**
 * Every `'<area>.<reason>'` string in the source of libs/ and apps/api (not tests, test fixtures or scenarios)
 * is a code the catalogue holds, unless it is listed below as something else. Where the error's kind shows at
 * the throw site (`invalid(…)`, `conflict(…)`, `notFound(…)`, `new DomainError(code, message, kind)`), its
 * status is one the catalogue gives the code.
 */
const ROOT = join(__dirname, '../../..');

/** Strings of the same shape that are not problem codes. */
const NOT_PROBLEM_CODES = new Set([
  // keys of the public timeline of a procedure (libs/transparency/projections/timeline.ts)
  ...['tender.created', 'tender.published', 'tender.enquiry_period_ended', 'tender.amended', 'tender.completed'],
  ...['tender.submission_deadline_extended', 'tender.contracted', 'tender.cancelled', 'tender.deserted'],
  ...['question.asked', 'question.answered', 'proposal.submitted', 'proposal.replaced', 'proposals.opened'],
  ...['proposal.evaluated', 'evaluation.completed', 'auction.result_recorded', 'auction.scheduled', 'auction.closed'],
  ...['lot.deserted', 'lot.awarded', 'lot.contracted', 'lot.contract_closed', 'award.challenged', 'award.revised'],
  ...['award.objection_period_ended', 'challenge.resolved', 'contract.amended', 'contract.terminated'],
  ...['clarification_minutes.published', 'tender.submission_period_ended'],
  // Socket.IO event names and live auction messages
  ...['auction.join', 'auction.leave', 'auction.watchers', 'auction.position', 'auction.error', 'auction.extended'],
  ...['bid.place', 'bid.accepted', 'socket.io', 'service.name'],
  // OCDS tender statuses, field paths, SQL columns, file names
  ...[
    'active.enquiries',
    'active.tendering',
    'active.awaiting_opening',
    'documents.kind',
    'documents.title',
    'documents.sha256',
  ],
  ...['lots.items', 'lots.amount', 't.published_at', 't.estimated_amount', 't.is_public'],
  ...['index.html', 'json.gz', 'package.json', 'owner.json', 'postmaster.pid', 'convocatoria.pdf'],
  // body-parser's error types (mapped to request.* codes) and the event store's own error classes (never answered)
  ...['encoding.unsupported', 'charset.unsupported', 'event_store.wrong_expected_version'],
  'event_store.idempotency_conflict',
  // kinds of the security_events rows (libs/platform/security-events.ts), the socket's session.ended message
  ...['login.failed', 'login.throttled', 'login.rate_limited', 'login.account_disabled', 'session.ended'],
  'pg_hba.conf',
  // the public calendar's iCalendar route (libs/transparency/feeds), the shipped CUCoP file (libs/classifier/data)
  ...['calendar.ics', 'cucop.csv'],
  // what the OCDS import repaired in a record, written in the import report, never answered
  ...Object.keys(OCDS_REPAIRS),

  // the event store's multi-stream append refusal (an error class, never answered)
  'event_store.batch_conflict',
  // the repairs a historical import records in its events and report (libs/history/sources), not refusals
  ...['encoding.bom_removed', 'encoding.windows_1252', 'header.index_column_dropped'],
  ...['header.first_cell_named_gobierno', 'contract_code.blank', 'procedure_number.blank_grouped_by_expediente'],
  ...['procedure_number.blank_row_alone', 'amount.formatting_removed', 'amount.rounded_to_centavos'],
  ...['character.blank_read_from_template', 'character.blank_assumed_national', 'category.unknown'],
  'law.inferred_from_category',
  ...['government.level_unknown', 'government.level_blank', 'government.federal_contribution_unreadable'],
  // a column a read's filter names (libs/transparency/application/government-place.ts)
  't.buying_unit_id',
]);

const KIND_STATUS: Record<string, number> = {
  invalid: 422,
  conflict: 409,
  notFound: 404,
  not_found: 404,
  forbidden: 403,
  unauthorized: 401,
  gone: 410,
  too_many_requests: 429,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' || entry.name === 'node_modules' ? [] : sourceFiles(path);
    const skipped = /\.(spec|e2e-spec)\.ts$|\.(scenarios|fixtures)\.ts$/.test(entry.name);
    return entry.name.endsWith('.ts') && !skipped ? [path] : [];
  });
}

const sources = [...sourceFiles(join(ROOT, 'libs')), ...sourceFiles(join(ROOT, 'apps/api'))].map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}));
const catalogue: Readonly<Record<string, ProblemCodeEntry>> = PROBLEM_CATALOGUE;

it('reads the source', () => expect(sources.length).toBeGreaterThan(100));

it('holds every code the source can answer', () => {
  const missing = sources.flatMap(({ path, text }) =>
    [...text.matchAll(/'([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)'/g)]
      .map((match) => match[1])
      .filter((code) => !Object.hasOwn(catalogue, code) && !NOT_PROBLEM_CODES.has(code))
      .map((code) => `${code} (${path})`),
  );
  expect(missing).toEqual([]);
});

it('gives each code the status its throw sites answer with', () => {
  const throwSite =
    /\b(invalid|conflict|notFound)\(\s*'([a-z0-9_.]+)'|new DomainError\(\s*'([a-z0-9_.]+)',\s*(?:'[^']*'|`[^`]*`),\s*'([a-z_]+)'/g;
  const wrong = sources.flatMap(({ path, text }) =>
    [...text.matchAll(throwSite)].flatMap((match) => {
      const [code, kind] = match[2] ? [match[2], match[1]] : [match[3], match[4]];
      const entry = catalogue[code];
      const status = KIND_STATUS[kind];
      return entry && ![entry.status, ...(entry.alsoStatus ?? [])].includes(status)
        ? [`${code} ${status} (${path})`]
        : [];
    }),
  );
  expect(wrong).toEqual([]);
});

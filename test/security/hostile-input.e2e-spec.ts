import * as fc from 'fast-check';
import { HTTP_TABLE, SOCKET_TABLE, type HttpRow } from './access-table';
import {
  at,
  AUCTION_STARTS,
  commandEndpoints,
  operations,
  ROLES,
  SecurityWorld,
  type Reply,
  type Role,
} from './security-world';

/**
 * Hostile and malformed input against every command endpoint and every query filter the OpenAPI document lists
 * (so routes added later are covered without touching this file): never a 500, always problem+json with a
 * stable `<area>.<reason>` code, and a refused request writes nothing to the event log. Runs are seeded: the
 * same payloads every time.
 */
const SEED = 20_260_302;
const RUNS_PER_ENDPOINT = 20;
const CODE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

let world: SecurityWorld;

beforeAll(async () => {
  world = await SecurityWorld.start();
}, 120_000);

afterAll(() => world?.close());

// ------------------------------------------------------------------------------------------ hostile values

const huge = (n: number) => 'A'.repeat(n);
const HOSTILE_STRINGS = [
  '',
  ' ',
  huge(100_000),
  '\u202Egnp.exe', // right-to-left override
  'Proveedora\u200B\u200D\uFEFFAlfa', // zero-width characters
  'nul\u0000byte',
  'lone \uD800 high surrogate',
  'lone \uDFFF low surrogate',
  "' OR '1'='1' --",
  '"; DROP TABLE es_events; --',
  '$..*',
  '$.data[?(@.amount > 0)]',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '${jndi:ldap://127.0.0.1/a}',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  '2026-02-30T00:00:00.000Z',
  '9999-99-99T99:99:99Z',
  '2026-03-02T16:00:00.000+99:00',
  'not a date',
  '-1',
  'NaN',
  '🏗️👷‍♀️',
];
const HOSTILE_NUMBERS = [-1, -0.5, 0, 0.1, 1.5, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e-308, Number.MAX_SAFE_INTEGER];
const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS,
  ...HOSTILE_NUMBERS,
  null,
  true,
  false,
  [],
  {},
  [null],
  Array.from({ length: 10_000 }, (_, i) => i),
  Array.from({ length: 2_000 }, () => ({ lotId: 'lot-1', amount: 1 })),
  { $gt: '' },
  { __proto__: { admin: true } },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
  nested(200),
];

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = { next: [value] };
  return value;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path into the seed body (objects' keys, arrays' indexes), the empty path being the body itself. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => pathsOf(item, [...prefix, i]))];
  if (value && typeof value === 'object')
    return [...here, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
  return here;
}

function setAt(body: unknown, path: Array<string | number>, update: (old: unknown) => unknown): unknown {
  if (path.length === 0) return update(body);
  const copy: any = Array.isArray(body) ? [...body] : { ...(body as object) };
  copy[path[0]] = setAt(copy[path[0]], path.slice(1), update);
  return copy;
}

/** A payload made from a valid one: a value replaced by a hostile one, a field dropped or an unknown one added; or anything at all. */
function payloads(seed: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(seed);
  const hostile = fc.constantFrom(...HOSTILE_VALUES);
  const replaced = fc.tuple(fc.constantFrom(...paths), hostile).map(([path, value]) => setAt(seed, path, () => value));
  const inner = paths.filter((path) => path.length > 0);
  const dropped = fc.constantFrom(...(inner.length > 0 ? inner : [['none']])).map((path) =>
    setAt(seed, path.slice(0, -1), (parent) => {
      if (Array.isArray(parent)) return parent.filter((_, i) => i !== path[path.length - 1]);
      const { [path[path.length - 1]]: _dropped, ...rest } = parent as Record<string, unknown>;
      return rest;
    }),
  );
  const objects = paths.filter((path) => isObject(path.reduce((value: any, key) => value?.[key], seed)));
  const unknownField = fc
    .tuple(
      fc.constantFrom(...objects),
      fc.constantFrom('isAdmin', 'supplierId', 'actor', 'status', '__proto__', 'buyingUnitId'),
      hostile,
    )
    .map(([path, key, value]) => setAt(seed, path, (parent) => ({ ...(parent as object), [key]: value })));
  const anything = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>;
  return fc.oneof(
    { arbitrary: replaced, weight: 5 },
    ...(inner.length > 0 ? [{ arbitrary: dropped, weight: 1 }] : []),
    ...(objects.length > 0 ? [{ arbitrary: unknownField, weight: 2 }] : []),
    { arbitrary: anything, weight: 1 },
  );
}

const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);

// ------------------------------------------------------------------------------------------ the checks

/** What is wrong with an answer to hostile input, or `undefined`. */
function problemWith(reply: Reply): string | undefined {
  if (reply.status >= 500) return `status ${reply.status}`;
  if (reply.status < 400) return undefined;
  if (!reply.headers.get('content-type')?.startsWith('application/problem+json'))
    return `content-type ${reply.headers.get('content-type')}`;
  if (typeof reply.body?.code !== 'string' || !CODE.test(reply.body.code))
    return `code ${JSON.stringify(reply.body?.code)}`;
  if (reply.body.status !== reply.status) return `body status ${reply.body.status}`;
  return undefined;
}

/** The table's row for a route (its valid request) and a role allowed to send it; unknown routes get a registrar and {}. */
function targetOf(endpoint: string): { row?: HttpRow; role: Role } {
  const row = HTTP_TABLE.find((candidate) => candidate.endpoint === endpoint);
  const role = row
    ? (ROLES.find((r) => r !== 'anonymous' && row.cells[r] === 'ok') ??
      ROLES.find((r) => row.cells[r] === 'ok') ??
      'registrar')
    : 'registrar';
  return { row, role };
}

// ------------------------------------------------------------------------------------------ sending in batches

/** Requests in flight at once: the walks below send thousands, one at a time they took most of this file's time. */
const CONCURRENCY = 8;

/** `send` over `items`, at most CONCURRENCY at a time, the results in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], send: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await send(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return results;
}

interface Case {
  /** Sends the request once. */
  send: () => Promise<Reply>;
  /** Whether the answer refuses the request (then it must have written nothing). */
  refused: (reply: Reply) => boolean;
  /** Says what the case is, for a failure. */
  name: string;
}

/**
 * The cases CONCURRENCY at a time, with the check "a refused request writes no event" kept exact: each batch's
 * new events must all carry the correlation id of an accepted request (of this batch or an earlier one, whose
 * reactions may come late). Events no accepted request accounts for fail the batch, and its refused cases are
 * sent again one at a time, counting the events around each, to name the culprit.
 */
async function sendChecked(cases: readonly Case[], failures: string[]): Promise<Reply[]> {
  const replies: Reply[] = [];
  const accepted: string[] = [];
  for (let start = 0; start < cases.length; start += CONCURRENCY) {
    const batch = cases.slice(start, start + CONCURRENCY);
    const [{ last }] = await world.api.db.query(
      'SELECT coalesce(max(global_position), 0)::text AS last FROM es_events',
    );
    const answers = await mapConcurrently(batch, (item) => item.send());
    replies.push(...answers);
    answers.forEach((reply, i) => {
      const correlation = reply.headers.get('x-correlation-id');
      if (!batch[i].refused(reply) && correlation) accepted.push(correlation);
    });
    const [{ strays }] = await world.api.db.query(
      `SELECT count(*)::int AS strays FROM es_events
        WHERE global_position > $1::bigint AND NOT coalesce(metadata->>'correlationId' = ANY($2::text[]), false)`,
      [last, accepted],
    );
    if (strays === 0) continue;
    failures.push(
      `${strays} events no accepted request wrote, in the batch of ${batch.map((c) => c.name).join(' | ')}`,
    );
    for (const item of batch.filter((_, i) => batch[i].refused(answers[i]))) {
      const before = await world.eventCount();
      const reply = await item.send();
      const written = (await world.eventCount()) - before;
      if (item.refused(reply) && written !== 0)
        failures.push(`${item.name}: ${reply.status} ${reply.body?.code} but ${written} events were written`);
    }
  }
  return replies;
}

const fillPath = (template: string) => template.replace(/\{[^}]+\}/g, () => '00000000-0000-4000-8000-000000000000');
const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
};

describe('every command endpoint, with random and mutated payloads', () => {
  it('never answers 500, always problem+json with a stable code, and a refused request writes no event', async () => {
    const endpoints = await commandEndpoints(world.url);
    expect(endpoints.length).toBeGreaterThanOrEqual(30);
    const failures: string[] = [];
    let refused = 0;
    let sent = 0;
    for (const endpoint of endpoints) {
      const [method, template] = endpoint.split(' ');
      const { row, role } = targetOf(endpoint);
      const path = row ? row.path(world.ids) : fillPath(template);
      const seed = row?.body?.(world.ids) ?? {};
      const caller = world.callers[role];
      await caller.accessToken(); // signed in before the batches: a sign-in writes events of its own
      // The seeded payloads fc.assert used to draw one at a time, now sent in batches.
      const cases = fc.sample(payloads(seed), { numRuns: RUNS_PER_ENDPOINT, seed: SEED }).map((payload): Case => ({
        send: () => caller.call(method, path, { body: payload }),
        refused: (reply) => reply.status >= 400,
        name: `${endpoint} as ${role} with ${show(payload)}`,
      }));
      const replies = await sendChecked(cases, failures);
      replies.forEach((reply, i) => {
        sent += 1;
        const problem = problemWith(reply);
        if (problem) failures.push(`${cases[i].name}: ${problem} -> ${show(reply.body)}`);
        if (reply.status >= 400) refused += 1;
      });
    }
    expect(failures).toEqual([]);
    expect(sent).toBe(endpoints.length * RUNS_PER_ENDPOINT);
    expect(refused).toBeGreaterThan(sent / 2); // most hostile payloads are refused, so the no-write check had work
  }, 240_000);

  it('never answers 500 when any field of a valid request is left out or null, one at a time', async () => {
    const failures: string[] = [];
    for (const endpoint of await commandEndpoints(world.url)) {
      const { row, role } = targetOf(endpoint);
      const seed = row?.body?.(world.ids);
      if (!row || !isObject(seed)) continue;
      for (const path of pathsOf(seed).filter((p) => p.length > 0 && p.length <= 3)) {
        const without = setAt(seed, path.slice(0, -1), (parent) =>
          Array.isArray(parent)
            ? parent.filter((_, i) => i !== path[path.length - 1])
            : Object.fromEntries(Object.entries(parent as object).filter(([key]) => key !== path[path.length - 1])),
        );
        for (const body of [without, setAt(seed, path, () => null)]) {
          const reply = await world.callers[role].call(endpoint.split(' ')[0], row.path(world.ids), { body });
          const problem = problemWith(reply);
          if (problem) failures.push(`${endpoint}: ${problem} for ${show(body)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('answers malformed JSON, other media types, a body over the limit and a JSON bomb with problem+json', async () => {
    const token = await world.callers['buyer of the unit'].accessToken();
    const send = async (body: string, contentType = 'application/json') => {
      const response = await fetch(`${world.url}/api/tenders`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType },
        body,
      });
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        code: ((await response.json()) as { code: string }).code,
      };
    };
    const problem = (status: number, code: string) => ({
      status,
      type: expect.stringContaining('application/problem+json'),
      code,
    });
    expect(await send('{"title": "sin cerrar"')).toEqual(problem(400, 'request.malformed_json'));
    const form = await send('title=x', 'application/x-www-form-urlencoded'); // not read: as if no body came
    expect(form).toEqual({
      status: expect.any(Number),
      type: expect.stringContaining('application/problem+json'),
      code: expect.stringMatching(CODE),
    });
    expect(form.status >= 400 && form.status < 500).toBe(true);
    expect(await send(JSON.stringify({ title: huge(2 * 1024 * 1024) }))).toEqual(problem(413, 'request.too_large'));
    expect(await send(`${'['.repeat(50_000)}${']'.repeat(50_000)}`)).toEqual(problem(400, 'request.invalid'));
  });
});

describe('limits', () => {
  it('every paged GET declares a maximum page size and refuses one past it, zero, negative and non-numeric sizes', async () => {
    const paged = (await operations(world.url)).filter(
      (op) => op.method === 'GET' && op.operation.parameters?.some((p) => p.in === 'query' && p.name === 'limit'),
    );
    expect(paged.length).toBeGreaterThan(5);
    const answers: string[] = [];
    for (const op of paged) {
      const maximum = (op.operation.parameters!.find((p) => p.name === 'limit')!.schema as { maximum?: number })
        .maximum;
      if (maximum === undefined) {
        answers.push(`${op.endpoint}: no maximum`);
        continue;
      }
      for (const limit of [maximum + 1, 0, -1, 'abc', 1e12, 1.5]) {
        const reply = await world.callers.anonymous.call(
          'GET',
          `${fillRealPath(op.path)}${op.path.includes('?') ? '&' : '?'}limit=${limit}`,
        );
        if (reply.status !== 400 || problemWith(reply))
          answers.push(`${op.endpoint} limit=${limit}: ${reply.status} ${reply.body?.code}`);
      }
    }
    expect(answers).toEqual([]);
  });

  it('refuses strings and arrays past their limits with 400 request.invalid naming the field', async () => {
    const buyer = world.callers['buyer of the unit'];
    const seed = HTTP_TABLE.find((row) => row.endpoint === 'POST /api/tenders')!.body!(world.ids) as Record<
      string,
      any
    >;
    const cases: Array<[string, Record<string, unknown>]> = [
      ['title', { ...seed, title: huge(301) }],
      ['description', { ...seed, description: huge(10_001) }],
      ['lots', { ...seed, lots: Array.from({ length: 501 }, () => seed.lots[0]) }],
      [
        'lots.0.items',
        { ...seed, lots: [{ ...seed.lots[0], items: Array.from({ length: 1_001 }, () => seed.lots[0].items[0]) }] },
      ],
    ];
    for (const [field, body] of cases) {
      const reply = await buyer.call('POST', '/api/tenders', { body });
      expect({
        field,
        status: reply.status,
        code: reply.body.code,
        fields: reply.body.errors?.map((e: { field: string }) => e.field),
      }).toEqual({ field, status: 400, code: 'request.invalid', fields: [field] });
    }
    const question = await world.callers['supplier A'].call('POST', `/api/tenders/${world.ids.tenderId}/questions`, {
      body: { text: huge(100_000) },
    });
    expect(question).toMatchObject({ status: 400, body: { code: 'request.invalid' } });
  });
});

/** A GET's path with the world's ids where it names them (an unknown id elsewhere). */
function fillRealPath(template: string): string {
  const row = HTTP_TABLE.find((candidate) => candidate.endpoint === `GET ${template}`);
  return row ? row.path(world.ids).split('?')[0] : fillPath(template);
}

describe('injection', () => {
  const INJECTIONS = [
    "' OR '1'='1",
    "' OR 1=1 --",
    '1; SELECT pg_sleep(5) --',
    "') UNION SELECT rfc, legal_name FROM supplier_directory --",
    '%',
    '_',
    '\\',
    '$..*',
    '$.*?(@ like_regex ".*")',
    '{"$ne": null}',
    '*',
    'a\u0000b',
  ];

  /** The longest array in a list answer: its rows, whatever the endpoint names them. */
  const rowsIn = (body: unknown): number => {
    if (Array.isArray(body)) return body.length;
    if (!isObject(body)) return 0;
    return Math.max(0, ...Object.values(body as object).map((value) => (Array.isArray(value) ? value.length : 0)));
  };

  /** The injection's words alone (searches ignore punctuation by design); none: no filter at all. */
  const wordsOf = (injection: string) => injection.replace(/[^A-Za-z0-9]+/g, ' ').trim();

  it('in every query parameter of every GET: never a 500, and never more rows than its plain words give', async () => {
    await world.api.caughtUp();
    const gets = (await operations(world.url)).filter(
      (op) => op.method === 'GET' && op.operation.parameters?.some((p) => p.in === 'query'),
    );
    expect(gets.length).toBeGreaterThan(10);
    const failures: string[] = [];
    let tried = 0;
    const cases = gets.flatMap((op) => {
      const path = fillRealPath(op.path);
      return op.operation
        .parameters!.filter((p) => p.in === 'query')
        .flatMap((parameter) => INJECTIONS.map((injection) => ({ op, path, parameter, injection })));
    });
    // Reads write nothing: sent CONCURRENCY at a time. A baseline is asked once per address: several injections
    // share their words ("OR 1 1"), and every one without words shares its GET's unfiltered answer.
    const baselines = new Map<string, Promise<Reply>>();
    const baselineOf = (url: string) => {
      if (!baselines.has(url)) baselines.set(url, world.callers.anonymous.call('GET', url));
      return baselines.get(url)!;
    };
    const slow: Array<{ endpoint: string; name: string; injection: string; query: (value: string) => string }> = [];
    await mapConcurrently(cases, async ({ op, path, parameter, injection }) => {
      const query = (value: string) => `${path}?${new URLSearchParams({ [parameter.name]: value }).toString()}`;
      const words = wordsOf(injection);
      const baseline = await baselineOf(words ? query(words) : path);
      const started = Date.now();
      const reply = await world.callers.anonymous.call('GET', query(injection));
      tried += 1;
      const problem = problemWith(reply);
      if (problem) failures.push(`${op.endpoint} ${parameter.name}=${show(injection)}: ${problem} ${show(reply.body)}`);
      if (Date.now() - started > 4_000) slow.push({ endpoint: op.endpoint, name: parameter.name, injection, query });
      if (reply.status === 200 && baseline.status === 200 && rowsIn(reply.body) > rowsIn(baseline.body)) {
        failures.push(
          `${op.endpoint} ${parameter.name}=${show(injection)}: ${rowsIn(reply.body)} rows, ${rowsIn(baseline.body)} for ${show(words || 'no filter')}`,
        );
      }
    });
    // A slow answer under a loaded machine is not an injection: one that ran `pg_sleep(5)` is slow on its own too,
    // and five seconds slower than its plain words asked right beside it. Each slow case is timed again alone.
    for (const { endpoint, name, injection, query } of slow) {
      const timed = async (url: string) => {
        const started = Date.now();
        await world.callers.anonymous.call('GET', url);
        return Date.now() - started;
      };
      const hostile = await timed(query(injection));
      const plain = await timed(query(wordsOf(injection)));
      if (hostile > 4_000 && hostile - plain > 4_000)
        failures.push(`${endpoint} ${name}=${show(injection)}: took ${hostile} ms, ${plain} ms for its plain words`);
    }
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThan(100);
  }, 120_000);

  it('in every path parameter of every GET: never a 500', async () => {
    const gets = (await operations(world.url)).filter((op) => op.method === 'GET' && op.path.includes('{'));
    const failures: string[] = [];
    for (const op of gets) {
      for (const injection of INJECTIONS) {
        const reply = await world.callers.anonymous.call(
          'GET',
          op.path.replace(/\{[^}]+\}/g, encodeURIComponent(injection)),
        );
        const problem = problemWith(reply);
        if (problem) failures.push(`${op.endpoint} ${show(injection)}: ${problem} ${show(reply.body)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});

describe('numbers out of range in query parameters', () => {
  /** Past every integer type PostgreSQL has, past JavaScript's safe integers, and not integers at all. */
  const OUT_OF_RANGE = [
    '9223372036854775807', // bigint's maximum: still no row, but a number past what the API can answer for
    '9223372036854775808',
    '-9223372036854775809',
    '99999999999999999999',
    '1e21',
    '1e308',
    '9007199254740993',
    '-1',
    '1.5',
    'NaN',
    'Infinity',
    '0x7fffffffffffffff',
  ];

  it('in every query parameter of every GET (the others left valid): never a 5xx', async () => {
    await world.api.caughtUp();
    const gets = (await operations(world.url)).filter(
      (op) => op.method === 'GET' && op.operation.parameters?.some((p) => p.in === 'query'),
    );
    const failures: string[] = [];
    let tried = 0;
    const cases = gets.flatMap((op) => {
      const { row, role } = targetOf(op.endpoint);
      const valid = new URL(row ? row.path(world.ids) : fillPath(op.path), world.url);
      return op.operation
        .parameters!.filter((p) => p.in === 'query')
        .flatMap((parameter) => OUT_OF_RANGE.map((value) => ({ op, role, valid, parameter, value })));
    });
    await Promise.all([...new Set(cases.map((c) => c.role))].map((role) => world.callers[role].accessToken()));
    await mapConcurrently(cases, async ({ op, role, valid, parameter, value }) => {
      const url = new URL(valid);
      url.searchParams.set(parameter.name, value);
      const reply = await world.callers[role].call('GET', `${url.pathname}${url.search}`);
      tried += 1;
      const problem = problemWith(reply);
      if (problem) failures.push(`${op.endpoint} ${parameter.name}=${value}: ${problem} ${show(reply.body)}`);
    });
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThan(200);
  }, 120_000);

  it('refuses the out-of-range numbers of the report with 400 request.invalid naming the parameter', async () => {
    const anonymous = world.callers.anonymous;
    for (const [path, field] of [
      ['/api/ledger/checkpoints?after=9223372036854775807', 'after'],
      ['/api/transparency/tenders?minValue=1e21', 'minValue'],
      ['/api/ledger/export?after=99999999999999999999', 'after'],
      ['/api/ocds/releases?after=9999999999999999999', 'after'],
      ['/api/ledger/consistency?from=1&to=9223372036854775808', 'to'],
    ]) {
      const reply = await anonymous.call('GET', path);
      expect({
        path,
        status: reply.status,
        code: reply.body.code,
        fields: reply.body.errors?.map((e: any) => e.field),
      }).toEqual({ path, status: 400, code: 'request.invalid', fields: [field] });
    }
  });
});

describe('ids that are not ids', () => {
  /** Control characters, NUL, spaces, quotes, bidi overrides, letters outside ASCII, 5,000 characters. */
  const NOT_IDS = [
    'a\u0000b',
    'a\u0001b',
    'a\u007Fb',
    'a b',
    "x' OR '1'='1",
    '\u202Eabc',
    'ñandú',
    '😀',
    'x'.repeat(5_000),
  ];
  const REFUSED = ['request.invalid_id', 'request.invalid_text'];
  const OWN_ONLY = 'auth.forbidden';

  /** The row's real path with the path segment of the template's `index`-th parameter replaced by `value`. */
  function withParameter(template: string, real: string, index: number, value: string): string {
    const [path, query] = real.split('?');
    const templateSegments = template.split('/');
    const segments = path.split('/');
    const positions = templateSegments.flatMap((segment, i) => (segment.startsWith('{') ? [i] : []));
    // Only the parameter: a segment such as `{id}.atom` keeps its suffix, or the route is not even reached.
    segments[positions[index]] = templateSegments[positions[index]].replace(/\{[^}]+\}/, encodeURIComponent(value));
    return `${segments.join('/')}${query ? `?${query}` : ''}`;
  }

  it('in every path parameter of every operation, as a caller allowed to use it: 400 and nothing written', async () => {
    const withIds = (await operations(world.url)).filter((op) => op.path.includes('{') && op.path.startsWith('/api/'));
    expect(withIds.length).toBeGreaterThan(30);
    const failures: string[] = [];
    const cases = withIds.flatMap((op) => {
      const { row, role } = targetOf(op.endpoint);
      const real = row ? row.path(world.ids) : fillPath(op.path);
      const count = (op.path.match(/\{/g) ?? []).length;
      return Array.from({ length: count }, (_, index) => index).flatMap((index) =>
        NOT_IDS.map((value) => ({ op, row, role, real, index, value })),
      );
    });
    await Promise.all([...new Set(cases.map((c) => c.role))].map((role) => world.callers[role].accessToken()));
    // Every one of them must write nothing, whatever it answered: none counts as accepted.
    const replies = await sendChecked(
      cases.map(({ op, row, role, real, index, value }) => ({
        send: () =>
          world.callers[role].call(op.method, withParameter(op.path, real, index, value), {
            body: op.method === 'GET' ? undefined : (row?.body?.(world.ids) ?? {}),
          }),
        refused: () => true,
        name: `${op.endpoint} #${index} ${show(value)}`,
      })),
      failures,
    );
    replies.forEach((reply, i) => {
      // A route acting on the caller's own party compares the id with the caller's first (no lookup): 403.
      const refused = reply.status === 400 ? REFUSED.includes(reply.body?.code) : reply.body?.code === OWN_ONLY;
      if (!refused)
        failures.push(
          `${cases[i].op.endpoint} #${cases[i].index} ${show(cases[i].value)}: ${reply.status} ${reply.body?.code}`,
        );
    });
    expect(failures).toEqual([]);
  }, 120_000);

  it('as the auction of a Socket.IO join or bid: auction.invalid_request, not service.unavailable', async () => {
    const socket = await world.callers['supplier A'].socket(world.url);
    try {
      for (const auctionId of NOT_IDS) {
        const join = await socket.timeout(10_000).emitWithAck('auction.join', { auctionId });
        const bid = await socket
          .timeout(10_000)
          .emitWithAck('bid.place', { auctionId, amount: 100, clientBidId: 'hostile-id' });
        expect({ auctionId, join: join.code, bid: [bid.status, bid.code] }).toEqual({
          auctionId,
          join: 'auction.invalid_request',
          bid: ['rejected', 'auction.invalid_request'],
        });
      }
    } finally {
      socket.disconnect();
    }
  });
});

describe('every Socket.IO message, with random and mutated payloads', () => {
  it('always acknowledges with a status or a stable code, never service.unavailable, and a refused message writes no event', async () => {
    world.clock.set(at(AUCTION_STARTS, 60_000)); // running: a bid gets as far as the auction's own rules
    const socket = await world.callers['supplier A'].socket(world.url); // a participant of the world's auction
    const failures: string[] = [];
    let refused = 0;
    let sent = 0;
    try {
      for (const row of SOCKET_TABLE.filter((r) => r.event !== 'connect')) {
        const seed = row.payload?.(world.ids) ?? {};
        // Every hostile value at every place of a valid message, then seeded random and mutated ones.
        const messages = [
          ...pathsOf(seed).flatMap((path) => HOSTILE_VALUES.map((value) => setAt(seed, path, () => value))),
          ...fc.sample(payloads(seed), { numRuns: RUNS_PER_ENDPOINT, seed: SEED }),
        ];
        for (const payload of messages) {
          await world.api.caughtUp();
          const before = await world.eventCount();
          const reply = await socket
            .timeout(10_000)
            .emitWithAck(row.event, payload)
            .catch((error: Error) => ({ status: 'no answer', code: error.message }));
          sent += 1;
          const code: unknown = reply?.code;
          // `service.unavailable` is the socket's 5xx (the outcome unknown): never an answer to bad input.
          if (code === 'service.unavailable' || (code !== undefined && (typeof code !== 'string' || !CODE.test(code))))
            failures.push(`${row.event}: ${show(reply)} for ${show(payload)}`);
          else if (code === undefined && !['joined', 'left', 'accepted'].includes(reply?.status))
            failures.push(`${row.event}: ${show(reply)} for ${show(payload)}`);
          if (code !== undefined) {
            refused += 1;
            const after = await world.eventCount();
            if (after !== before)
              failures.push(
                `${row.event}: ${show(code)} but ${after - before} events were written for ${show(payload)}`,
              );
          }
        }
      }
    } finally {
      socket.disconnect();
    }
    expect(failures).toEqual([]);
    expect(refused).toBeGreaterThan(sent / 2);
  }, 180_000);
});

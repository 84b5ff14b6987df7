import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { BuyingUnitRegistry } from '@licita/buying-units';
import { AccountRegistry, type Role } from '@licita/identity';
import { PinoLoggerService, type LicitaConfig } from '@licita/platform';
import { rfcCheckDigit, SupplierRegistry } from '@licita/suppliers';
import type { Logger } from 'pino';
import { createHttpApp } from '../http-app';
import { runProcess } from '../run-process';

/**
 * `npm run demo`: starts the sandbox (LICITA_MODE=sandbox, its own data folder) and fills it with a living scenario
 * within about a minute: a buying unit, a buyer, a registrar, three verified suppliers, a procedure in every state
 * (draft, published, in submission, opened, awarded, contracted, cancelled, deserted, a direct award) reached through
 * the API's commands on accelerated time (README "Sandbox (practice mode)"; nothing back-dated), and a reverse
 * auction that starts a few minutes after the demo is ready. Prints the URLs and the accounts, keeps serving until
 * Ctrl-C. A second run finds `demo.json` in the sandbox's data folder and only serves, printing the same accounts.
 */
const DEMO_FILE = `demo.json`;
/** One legal day in 0.864 s: a national tender's 15 days in 13 s, the 8 days of objections in 7 s. */
const FAST = 100_000;
/** The auction's tender: an invitation's 5 days in 43 s, a week-long auction (the most a buyer may set) in 60 s. */
const AUCTION_FACTOR = 10_000;
const AUCTION_STARTS_IN_MS = 3 * 60_000;

type Account = { role: Role; email: string; password: string };
type Demo = {
  createdAt: string;
  url: string;
  accounts: Account[];
  procedures: Record<string, string>;
  auction: string;
};
/** The fields of the API's answers the demo reads. */
type ReplyBody = {
  accessToken?: string;
  tenderId?: string;
  auctionId?: string;
  status?: string;
  proposals?: Array<{ proposalId: string }>;
  lots?: Array<{ objectionPeriodEndsAt: string }>;
} | null;
type Reply = { status: number; body: ReplyBody };

async function main(): Promise<void> {
  const { app, config, logger } = await runProcess({
    what: 'Licita demo',
    refuse: (config) =>
      config.mode !== 'sandbox'
        ? 'the demo fills a sandbox only: run it as `npm run demo` (LICITA_MODE=sandbox), never against production data'
        : config.role !== 'all'
          ? 'the demo runs the whole sandbox in one process (LICITA_ROLE=all)'
          : undefined,
    start: startApp,
  });
  const url = localUrl(config, app);
  const file = join(config.dataDir, DEMO_FILE);
  if (existsSync(file)) {
    const demo = JSON.parse(readFileSync(file, 'utf8')) as Demo;
    process.stdout.write(
      `\nThis sandbox already holds the demo (filled ${demo.createdAt}); it is not filled twice.\n` +
        `To start over, stop it and delete ${config.dataDir}.\n${summary({ ...demo, url })}`,
    );
    return;
  }
  logger.info('filling the sandbox with the demo scenario (about a minute)');
  const demo = await fill(app, url);
  writeFileSync(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  process.stdout.write(summary(demo));
}

async function startApp(config: LicitaConfig, databaseUrl: string, logger: Logger): Promise<NestExpressApplication> {
  const app = await createHttpApp({ config, databaseUrl, logger: new PinoLoggerService(logger) });
  await app.listen(config.port, config.host);
  return app;
}

function localUrl(config: LicitaConfig, app: NestExpressApplication): string {
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return `http://localhost:${port}`;
}

function summary(demo: Demo): string {
  const lines = [
    '',
    `Licita SANDBOX / PRÁCTICA is ready at ${demo.url} (API docs at ${demo.url}/docs)`,
    '',
    'Accounts (practice data only):',
    ...demo.accounts.map((a) => `  ${a.role.padEnd(10)} ${a.email.padEnd(36)} ${a.password}`),
    '',
    'Procedures:',
    // A draft is the buyer's alone: its page is in the buyer's desk.
    ...Object.entries(demo.procedures).map(
      ([state, id]) => `  ${state.padEnd(14)} ${demo.url}${state === 'draft' ? '/comprador' : ''}/licitaciones/${id}`,
    ),
    '',
    `Live auction (starts about three minutes after the demo was filled): ${demo.url}/subastas/${demo.auction}`,
    'Press Ctrl-C to stop the sandbox; `npm run start:sandbox` serves it again.',
    '',
  ];
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------------------ the scenario

async function fill(app: NestExpressApplication, url: string): Promise<Demo> {
  const context = () => ({ actor: 'system', correlationId: randomUUID(), now: new Date() });
  const buyingUnitId = randomUUID();
  await app.get(BuyingUnitRegistry).register(
    {
      type: 'RegisterBuyingUnit',
      buyingUnitId,
      code: `PRACTICA-${buyingUnitId.slice(0, 6).toUpperCase()}`,
      name: 'Hospital General de Práctica',
      level: 'federal',
      parentInstitution: 'Secretaría de Salud (práctica)',
    },
    context(),
  );
  await classifierReady(url);
  const names = ['Cómputo del Bajío', 'Tecnología Anáhuac', 'Sistemas Xochitl'];
  const supplierIds = await Promise.all(names.map((name, i) => supplier(app, name, i, context)));
  const accounts: Account[] = [];
  const account = async (role: Role, email: string, binding: { supplierId?: string; buyingUnitId?: string }) => {
    const password = `Practica-${randomBytes(9).toString('base64url')}`;
    const origin = role === 'supplier' ? 'supplier_registration' : 'registrar';
    await app
      .get(AccountRegistry)
      .create({ accountId: randomUUID(), email, role, origin, ...binding, password }, context());
    accounts.push({ role, email, password });
    return client(url, await login(url, email, password));
  };
  const buyer = await account('buyer', 'comprador@practica.licita.mx', { buyingUnitId });
  await account('registrar', 'registrador@practica.licita.mx', {});
  const suppliers = await Promise.all(
    supplierIds.map((supplierId, i) => account('supplier', `proveedor${i + 1}@practica.licita.mx`, { supplierId })),
  );
  const world = { buyer, suppliers, supplierIds, buyingUnitId };
  const [draft, published, inSubmission, opened, awarded, contracted, cancelled, deserted, direct, auction] =
    await Promise.all([
      created(world, tender(world, 'Mobiliario de oficina (borrador)', 1, realSchedule())),
      publishedTender(world, 'Material de curación', 1, realSchedule()),
      inSubmissionTender(world),
      openedTender(world).then(({ tenderId }) => tenderId),
      awardedTender(world).then(({ tenderId }) => tenderId),
      contractedTender(world),
      cancelledTender(world),
      desertedTender(world),
      directAward(world),
      auctionTender(world),
    ]);
  return {
    createdAt: new Date().toISOString(),
    url,
    accounts,
    procedures: { draft, published, inSubmission, opened, awarded, contracted, cancelled, deserted, direct },
    auction: auction.auctionId,
  };
}

async function supplier(
  app: NestExpressApplication,
  name: string,
  i: number,
  context: () => { actor: string; correlationId: string; now: Date },
): Promise<string> {
  const supplierId = randomUUID();
  const registry = app.get(SupplierRegistry);
  const base = `PRA${['900101', '900202', '900303'][i]}${'ABC'[i]}${'123'[i]}`;
  await registry.register(
    {
      type: 'RegisterSupplier',
      supplierId,
      rfc: base + rfcCheckDigit(base),
      legalName: `${name}, S.A. de C.V.`,
      personType: 'legal_entity',
      size: 'small',
      address: { street: 'Av. Juárez 100', municipality: 'Guadalajara', state: 'MX-JAL', postalCode: '44100' },
      contact: { name: 'Ana Pérez', email: `ventas${i + 1}@practica.licita.mx`, phone: '+52 33 1234 5678' },
      classifierCodes: ['30213100-6'],
    },
    context(),
  );
  await registry.handle({ type: 'VerifySupplier', supplierId }, context());
  return supplierId;
}

/** The shipped classifiers are installed at the first start and projected in the background: wait for them. */
async function classifierReady(url: string): Promise<void> {
  await until(
    'the classifier',
    () => request(url, '', 'GET', '/api/classifier/30237200-1?scheme=CPV'),
    (reply) => reply.status === 200,
    180_000,
  );
}

type Call = (method: string, path: string, body?: unknown) => Promise<Reply>;
type World = { buyer: Call; suppliers: Call[]; supplierIds: string[]; buyingUnitId: string };

async function login(url: string, email: string, password: string): Promise<string> {
  const reply = await request(url, '', 'POST', '/api/auth/login', { email, password });
  if (reply.status !== 200) throw new Error(`login of ${email} refused: ${JSON.stringify(reply.body)}`);
  return reply.body!.accessToken!;
}

const client =
  (url: string, token: string): Call =>
  (method, path, body) =>
    request(url, token, method, path, body);

async function request(url: string, token: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as ReplyBody) : null };
}

/** The call, until it answers `ok` (the clock of an accelerated tender is a few seconds from the next step). */
async function until(what: string, call: () => Promise<Reply>, ok: (reply: Reply) => boolean, ms = 90_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const reply = await call();
    if (ok(reply)) return reply;
    if (Date.now() > deadline) throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The reply, when it is a success (2xx); otherwise what failed, with the problem document. */
const expectStatus = async (what: string, reply: Promise<Reply>, _status: 200 | 201 = 200) => {
  const answered = await reply;
  if (answered.status < 200 || answered.status > 299)
    throw new Error(`${what}: ${answered.status} ${JSON.stringify(answered.body)}`);
  return answered;
};

// ----------------------------------------------------------------------------------------------- procedures

const at = (ms: number) => new Date(Date.now() + ms).toISOString();
const DAY_MS = 86_400_000;
/** Real time: 10 days of questions, 20 to bid, the opening an hour later, the award a week after. */
const realSchedule = () => ({
  publicationDate: at(0),
  questionsDeadline: at(10 * DAY_MS),
  submissionDeadline: at(20 * DAY_MS),
  openingDate: at(20 * DAY_MS + 3_600_000),
  awardDate: at(27 * DAY_MS),
});
/** `days` of the law on a clock `factor` times faster, from now (and a margin for the call to arrive). */
const fastSchedule = (factor: number, days: { questions: number; submission: number }) => {
  const real = (d: number) => 2_000 + (d * DAY_MS) / factor;
  return {
    publicationDate: at(0),
    questionsDeadline: at(real(days.questions)),
    submissionDeadline: at(real(days.submission)),
    openingDate: at(real(days.submission)),
    awardDate: at(real(days.submission + 10)),
  };
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const laptopsLot = {
  lotId: 'lot-1',
  title: 'Equipo de cómputo portátil',
  items: [
    {
      itemId: 'item-1',
      classifierCode: '30213100-6',
      description: 'Laptop 14", 16 GB RAM',
      quantity: 10,
      unit: 'pieza',
      estimatedUnitPrice: 2_500_000,
    },
    {
      itemId: 'item-2',
      classifierCode: '30237200-1',
      description: 'Base de acoplamiento USB-C',
      quantity: 10,
      unit: 'pieza',
      estimatedUnitPrice: 150_000,
    },
  ],
  estimatedValue: { amount: 26_500_000, currency: 'MXN' },
};

function tender(world: World, title: string, factor: number, schedule: object | null, extra: object = {}) {
  return {
    buyingUnitId: world.buyingUnitId,
    title,
    description: `${title}: procedimiento de práctica, sin efectos reales.`,
    category: 'goods',
    procedureType: 'public_national',
    awardCriterion: { type: 'lowest_price' },
    lots: [laptopsLot],
    estimatedTotal: { amount: 26_500_000, currency: 'MXN' },
    documents: [
      {
        documentId: 'convocatoria',
        title: 'Convocatoria',
        fileName: 'convocatoria.pdf',
        mediaType: 'application/pdf',
        sha256: sha256(title),
      },
    ],
    schedule,
    ...(factor > 1 ? { timeAcceleration: factor } : {}),
    ...extra,
  };
}

const proposal = (laptopPrice: number) => ({
  lots: [
    {
      lotId: 'lot-1',
      amount: laptopPrice * 10 + 100_000 * 10,
      items: [
        { itemId: 'item-1', unitPrice: laptopPrice },
        { itemId: 'item-2', unitPrice: 100_000 },
      ],
    },
  ],
  documents: [
    {
      documentId: 'tecnica',
      kind: 'technical',
      title: 'Propuesta técnica',
      fileName: `tecnica.pdf`,
      mediaType: 'application/pdf',
      sha256: sha256(`tecnica ${laptopPrice}`),
    },
  ],
});

async function created(world: World, body: object): Promise<string> {
  const reply = await expectStatus('create a tender', world.buyer('POST', '/api/tenders', body), 201);
  return reply.body!.tenderId!;
}

async function publishedTender(world: World, title: string, factor: number, schedule: object, extra: object = {}) {
  const tenderId = await created(world, tender(world, title, factor, schedule, extra));
  await expectStatus('publish', world.buyer('POST', `/api/tenders/${tenderId}/publish`), 200);
  return tenderId;
}

/** Published on the fast clock, its enquiries over: the proposals of `prices` submitted as soon as they may be. */
async function withProposals(world: World, title: string, prices: number[], factor = FAST, extra: object = {}) {
  // LAASSP art. 32: 15 days for a public tender; RLAASSP art. 77: 5 for an invitation.
  const invitation = (extra as { procedureType?: string }).procedureType === 'invitation';
  const schedule = fastSchedule(factor, { questions: 1, submission: invitation ? 5 : 15 });
  const tenderId = await publishedTender(world, title, factor, schedule, extra);
  await Promise.all(
    prices.map((price, i) =>
      until(
        'submit a proposal',
        () => world.suppliers[i]('POST', `/api/tenders/${tenderId}/proposals`, proposal(price)),
        (reply) => reply.status === 201,
      ),
    ),
  );
  return { tenderId, schedule };
}

async function inSubmissionTender(world: World): Promise<string> {
  // Enquiries end in a few seconds; the submission period runs on real time for 20 days.
  const schedule = { ...realSchedule(), questionsDeadline: at(5_000) };
  const tenderId = await publishedTender(world, 'Consumibles de impresión', 1, schedule);
  await until(
    'submit',
    () => world.suppliers[0]('POST', `/api/tenders/${tenderId}/proposals`, proposal(2_400_000)),
    (r) => r.status === 201,
  );
  return tenderId;
}

async function openedTender(
  world: World,
  title = 'Equipo de cómputo para consultorios',
  factor = FAST,
  extra: object = {},
) {
  const { tenderId } = await withProposals(world, title, [2_400_000, 2_350_000, 2_450_000], factor, extra);
  const opened = await until(
    'open',
    () => world.buyer('POST', `/api/tenders/${tenderId}/open`),
    (r) => r.status === 200,
  );
  return { tenderId, proposals: opened.body!.proposals! };
}

async function evaluatedTender(world: World, title: string, factor = FAST, extra: object = {}) {
  const { tenderId, proposals } = await openedTender(world, title, factor, extra);
  for (const { proposalId } of proposals)
    await expectStatus(
      'evaluate',
      world.buyer('POST', `/api/tenders/${tenderId}/evaluations`, { proposalId, lotId: 'lot-1', compliant: true }),
      200,
    );
  await expectStatus(
    'complete the evaluation',
    world.buyer('POST', `/api/tenders/${tenderId}/evaluations/complete`),
    200,
  );
  return tenderId;
}

async function awardedTender(world: World, title = 'Equipo de cómputo para laboratorio') {
  const tenderId = await evaluatedTender(world, title);
  const awarded = await expectStatus('award', world.buyer('POST', `/api/tenders/${tenderId}/award`), 200);
  return { tenderId, objectionPeriodEndsAt: awarded.body!.lots![0].objectionPeriodEndsAt };
}

async function contractedTender(world: World): Promise<string> {
  const { tenderId } = await awardedTender(world, 'Equipo de cómputo para urgencias');
  await until(
    'sign the contract',
    () =>
      world.buyer('POST', '/api/contracts', {
        tenderId,
        lotId: 'lot-1',
        startDate: at(DAY_MS),
        endDate: at(120 * DAY_MS),
      }),
    (reply) => reply.status === 201,
  );
  return tenderId;
}

async function cancelledTender(world: World): Promise<string> {
  const tenderId = await publishedTender(world, 'Equipo de rayos X (cancelada)', 1, realSchedule());
  await expectStatus(
    'cancel',
    world.buyer('POST', `/api/tenders/${tenderId}/cancel`, {
      reason: 'La necesidad dejó de existir (LAASSP art. 38).',
    }),
    200,
  );
  return tenderId;
}

/** No proposal by the deadline: the tender's clock (the scheduler) records the desertion on its own. */
async function desertedTender(world: World): Promise<string> {
  const tenderId = await publishedTender(
    world,
    'Refacciones de ambulancia (desierta)',
    FAST,
    fastSchedule(FAST, { questions: 1, submission: 15 }),
  );
  await until(
    'the desertion',
    () => world.buyer('GET', `/api/tenders/${tenderId}`),
    (reply) => reply.body?.status === 'deserted',
    45_000,
  ).catch(() => undefined); // the clock records it on its own; the demo does not wait longer for it
  return tenderId;
}

async function directAward(world: World): Promise<string> {
  const tenderId = await created(
    world,
    tender(world, 'Licencias de software con patente (adjudicación directa)', 1, null, {
      procedureType: 'direct_award',
      directAward: {
        supplierId: world.supplierIds[1],
        justification: {
          article: 'LAASSP art. 41 fr. I',
          text: 'Bienes con derechos exclusivos de distribución (patente).',
        },
      },
    }),
  );
  await expectStatus(
    'award directly',
    world.buyer('POST', `/api/tenders/${tenderId}/direct-award`, { lots: [{ lotId: 'lot-1', amount: 25_000_000 }] }),
    200,
  );
  return tenderId;
}

/** An invitation with a reverse auction, evaluated, its auction scheduled to start a few minutes from now. */
async function auctionTender(world: World): Promise<{ tenderId: string; auctionId: string }> {
  const tenderId = await evaluatedTender(world, 'Subasta de práctica: equipo de cómputo', AUCTION_FACTOR, {
    procedureType: 'invitation',
    invitedSupplierIds: world.supplierIds,
    reverseAuction: true,
  });
  const startsAt = at(AUCTION_STARTS_IN_MS);
  // A week of auction, a day's window, two days' extensions, up to two weeks: 60 s, 9 s, 17 s, at most 121 s.
  const scheduled = await expectStatus(
    'schedule the auction',
    world.buyer('POST', `/api/tenders/${tenderId}/lots/lot-1/auction`, {
      startsAt,
      durationSeconds: 7 * 24 * 3600,
      minimumDecrement: { kind: 'absolute', amount: 100_000 },
      antiSniping: {
        windowSeconds: 24 * 3600,
        extensionSeconds: 2 * 24 * 3600,
        maximumEndsAt: new Date(Date.parse(startsAt) + 14 * DAY_MS).toISOString(),
      },
      abnormallyLowFloor: null,
    }),
    201,
  );
  return { tenderId, auctionId: scheduled.body!.auctionId! };
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

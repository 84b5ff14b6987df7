import { randomUUID } from 'node:crypto';
import { AuctionService } from '@licita/auctions/application/auction.service';
import { ManualClock } from '@licita/shared';
import type { Socket } from 'socket.io-client';
import { connectAuctions } from '../api/auctions/auction-clients';
import { eventually, RegisterApi, type RegisterApiOptions, type Reply } from '../api/register/register-api';
import { at, DAY, HOUR } from '../support/time';
import {
  aDirectAward,
  aProposal,
  aTender,
  laptopsAt,
  type Party,
  scheduleFrom,
  TenderingApi,
} from '../api/tendering/tendering-api';

export { at, DAY, eventually, HOUR, type Reply };

/** The seven kinds of caller every endpoint and every Socket.IO event is tried with. */
export const ROLES = [
  'anonymous',
  'supplier A',
  'supplier B',
  'buyer of the unit',
  'buyer of another unit',
  'registrar',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** The published tender's dates: published at P, proposals from the questions deadline to the submission deadline. */
export const P = '2026-03-02T16:00:00.000Z';
export const S = scheduleFrom(P);
/** Where the world's clock stands once it is built: the tendering period of the published tender. */
export const TENDERING = at(S.questionsDeadline, DAY);

/** The auction of the world runs for 10 minutes from here (an hour into the tendering period). */
export const AUCTION_STARTS = at(TENDERING, HOUR);
/** A ledger key (an Ed25519 seed) and a checkpoint every event, so the ledger's reads have something to show. */
export const LEDGER_ENV = {
  LICITA_LEDGER_KEY: Buffer.alloc(32, 0x4c).toString('base64'),
  LICITA_LEDGER_CHECKPOINT_EVENTS: '1',
};

export type Call = { body?: unknown; key?: string; headers?: Record<string, string> };

/** A caller of the API: logs in again whenever the clock has moved past its access token's life. */
export class Caller {
  private token?: string;
  private loggedInAt = -Infinity;

  constructor(
    private readonly api: RegisterApi,
    readonly role: Role,
    readonly email?: string,
    readonly ids: { accountId?: string; supplierId?: string; buyingUnitId?: string } = {},
  ) {}

  async accessToken(): Promise<string | undefined> {
    if (!this.email) return undefined;
    const now = this.api.clock.now().getTime();
    if (this.token === undefined || now - this.loggedInAt > 10 * 60_000 || now < this.loggedInAt) {
      this.token = await this.api.login(this.email);
      this.loggedInAt = now;
    }
    return this.token;
  }

  async call(method: string, path: string, { body, key, headers }: Call = {}): Promise<Reply> {
    const reply = await this.api.call(method, path, { token: await this.accessToken(), body, key, headers });
    if (reply.status !== 401 || reply.body?.code !== 'auth.session_ended') return reply;
    // Its session ended (the matrix changed its password): log in again, as a client does, and send it again.
    this.token = undefined;
    return this.api.call(method, path, { token: await this.accessToken(), body, key, headers });
  }

  /** A socket.io-client on `/auctions` with this caller's token (none for the anonymous public). */
  async socket(url: string): Promise<Socket> {
    return connectAuctions(url, await this.accessToken());
  }
}

/** Every id a request of the matrix, the property tests or the probes may name. */
export interface WorldIds {
  unitId: string;
  otherUnitId: string;
  supplierA: string;
  supplierB: string;
  /** A verified supplier without an account, for the register's commands (verify, suspend, sanction…). */
  supplierC: string;
  /** The id the matrix's sanction of supplier C gets, so that it can be lifted. */
  sanctionId: string;
  /** Published at P, in its tendering period once the world is built. */
  tenderId: string;
  /** A draft of the unit. */
  draftId: string;
  /** Supplier A's question to the tender and its proposal (lot-1). */
  questionId: string;
  proposalId: string;
  /** A direct award to supplier A and its signed contract. */
  directTenderId: string;
  contractId: string;
  /** Scheduled directly (no tender behind it) at AUCTION_STARTS: suppliers A and C take part, B does not. */
  auctionId: string;
  /** A PDF supplier A uploaded (POST /api/documents): its party alone may read it. */
  documentId: string;
  /** A quick request for quotations of the unit, open (receiving quotations) once the world is built. */
  rfqId: string;
}

/**
 * The real API (fresh database, ManualClock, projections, scheduler) and the people of the matrix: two buying
 * units with a buyer each, two verified suppliers with accounts, a registrar and an auditor; a published tender
 * with a question and a sealed proposal of supplier A, a draft, a direct award with its contract, and a
 * scheduled auction. The clock is left in the tender's tendering period.
 */
export class SecurityWorld {
  private constructor(
    /** The TenderingApi the world was built with (more suppliers, buyers, units). */
    readonly tendering: TenderingApi,
    readonly callers: Record<Role, Caller>,
    readonly ids: WorldIds,
  ) {}

  get api(): RegisterApi {
    return this.tendering.api;
  }

  static async start(options: Omit<RegisterApiOptions, 'clock'> = {}): Promise<SecurityWorld> {
    const clock = new ManualClock(at(P, -HOUR));
    const tendering = await TenderingApi.start(clock, options.databaseUrl, {
      ...options,
      env: { ...LEDGER_ENV, ...options.env },
    });
    const api = tendering.api;
    const unitId = await tendering.buyingUnit();
    const otherUnitId = await tendering.buyingUnit();
    const [a, b, c] = [
      await tendering.supplier('Proveedora Alfa'),
      await tendering.supplier('Proveedora Beta'),
      await tendering.supplier('Proveedora Gama'),
    ];
    const callers = await callersOf(api, unitId, otherUnitId, a, b);
    const ids = await worldProcedures(tendering, clock, callers, unitId, a);
    const auctionId = await worldAuction(api, a, c);
    const documentId = await worldDocument(api, callers['supplier A']);
    await api.caughtUp();
    return new SecurityWorld(tendering, callers, {
      unitId,
      otherUnitId,
      supplierA: a.supplierId,
      supplierB: b.supplierId,
      supplierC: c.supplierId,
      sanctionId: randomUUID(),
      ...ids,
      auctionId,
      documentId,
    });
  }

  get url(): string {
    return this.api.url;
  }

  get clock(): ManualClock {
    return this.api.clock;
  }

  /** Rows of the event log: what a refused request must not have added to. */
  async eventCount(): Promise<number> {
    const [row] = await this.api.db.query('SELECT count(*)::int AS n FROM es_events');
    return row.n;
  }

  close(): Promise<void> {
    return this.api.close();
  }
}

/** A document supplier A uploads, as multipart/form-data. */
async function worldDocument(api: RegisterApi, supplier: Caller): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from('%PDF-1.7\n% anexo de la matriz\n%%EOF\n')]), 'anexo.pdf');
  const response = await fetch(`${api.api.url}/api/documents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await supplier.accessToken()}` },
    body: form,
  });
  const body = (await response.json()) as { documentId?: string };
  if (response.status !== 201 || !body.documentId)
    throw new Error(`document upload: ${response.status} ${JSON.stringify(body)}`);
  return body.documentId;
}

/** The seven callers of the world, each signed in (but the anonymous public). */
async function callersOf(
  api: RegisterApi,
  unitId: string,
  otherUnitId: string,
  a: Party,
  b: Party,
): Promise<Record<Role, Caller>> {
  const caller = async (
    role: Role,
    kind: 'buyer' | 'registrar' | 'auditor',
    binding: { buyingUnitId?: string } = {},
  ) => {
    const account = await api.account(kind, binding);
    return new Caller(api, role, account.email, { accountId: account.accountId, ...binding });
  };
  return {
    anonymous: new Caller(api, 'anonymous'),
    'supplier A': new Caller(api, 'supplier A', a.email, a.ids),
    'supplier B': new Caller(api, 'supplier B', b.email, b.ids),
    'buyer of the unit': await caller('buyer of the unit', 'buyer', { buyingUnitId: unitId }),
    'buyer of another unit': await caller('buyer of another unit', 'buyer', { buyingUnitId: otherUnitId }),
    registrar: await caller('registrar', 'registrar'),
    auditor: await caller('auditor', 'auditor'),
  };
}

/**
 * A draft and a published tender of the unit (with a question and supplier A's proposal in its tendering
 * period), and a direct award to supplier A with its contract; the clock ends in the tendering period.
 */
async function worldProcedures(
  tendering: TenderingApi,
  clock: ManualClock,
  callers: Record<Role, Caller>,
  unitId: string,
  a: Party,
) {
  const buyer = callers['buyer of the unit'];
  const expect201 = (what: string, reply: Reply) => {
    if (reply.status >= 300) throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  };

  const draftId = expect201('draft', await buyer.call('POST', '/api/tenders', { body: aTender(unitId, P) })).tenderId;
  const tenderId = expect201('tender', await buyer.call('POST', '/api/tenders', { body: aTender(unitId, P) })).tenderId;
  clock.set(P);
  expect201('publish', await buyer.call('POST', `/api/tenders/${tenderId}/publish`));
  clock.set(at(P, DAY));
  const questionId = expect201(
    'question',
    await callers['supplier A'].call('POST', `/api/tenders/${tenderId}/questions`, {
      body: { text: '¿Se acepta garantía de tres años?' },
    }),
  ).questionId;

  const directTenderId = expect201(
    'direct award',
    await buyer.call('POST', '/api/tenders', {
      body: aDirectAward(unitId, P, a.supplierId),
    }),
  ).tenderId;
  expect201(
    'awarded',
    await buyer.call('POST', `/api/tenders/${directTenderId}/direct-award`, {
      body: { lots: [{ lotId: 'lot-1', amount: 26_000_000 }] },
    }),
  );
  const contractId = expect201(
    'contract',
    await buyer.call('POST', '/api/contracts', {
      body: { tenderId: directTenderId, lotId: 'lot-1', startDate: at(P, 2 * DAY), endDate: at(P, 90 * DAY) },
    }),
  ).contractId;

  clock.set(TENDERING);
  const proposalId = expect201(
    'proposal',
    await callers['supplier A'].call('POST', `/api/tenders/${tenderId}/proposals`, {
      body: aProposal(laptopsAt(2_400_000)),
    }),
  ).proposalId;

  const rfqId = expect201(
    'request for quotations',
    await buyer.call('POST', '/api/quotation-requests', {
      body: {
        buyingUnitId: unitId,
        law: 'LAASSP',
        title: 'Computadoras portátiles',
        classifierCode: '30213100-6',
        quantity: 2,
        unit: 'pieza',
        estimatedValue: { amount: 5_000_000, currency: 'MXN' },
        audience: { kind: 'classifier' },
        deadline: at(TENDERING, 2 * DAY),
      },
    }),
  ).rfqId;

  return { tenderId, draftId, questionId, proposalId, directTenderId, contractId, rfqId };
}

/** An auction of suppliers A and C, scheduled through the service, that runs from AUCTION_STARTS. */
async function worldAuction(api: RegisterApi, a: Party, c: Party): Promise<string> {
  const auctionId = randomUUID();
  await api.api.app.get(AuctionService).scheduleAuction(
    {
      auctionId,
      tenderId: randomUUID(),
      lotId: 'lot-1',
      currency: 'MXN',
      startsAt: AUCTION_STARTS,
      durationSeconds: 600,
      minimumDecrement: { kind: 'absolute', amount: 100 },
      antiSniping: null,
      abnormallyLowFloor: 1_000_00,
      participants: [
        { bidderId: a.supplierId, name: 'Proveedora Alfa, S.A. de C.V.', openingPrice: 26_000_000 },
        { bidderId: c.supplierId, name: 'Proveedora Gama, S.A. de C.V.', openingPrice: 25_500_000 },
      ],
    },
    { actor: 'account-buyer' },
  );
  return auctionId;
}

/** The API's OpenAPI document (every route the controllers declare). */
export async function openApi(url: string): Promise<{ paths: Record<string, Record<string, OpenApiOperation>> }> {
  const response = await fetch(`${url}/docs-json`);
  return (await response.json()) as { paths: Record<string, Record<string, OpenApiOperation>> };
}

export type OpenApiOperation = {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: { type?: string } }>;
  requestBody?: unknown;
};

/** `METHOD /path/{param}` of every operation of the document. */
export async function operations(
  url: string,
): Promise<Array<{ endpoint: string; method: string; path: string; operation: OpenApiOperation }>> {
  const document = await openApi(url);
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      endpoint: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      operation,
    })),
  );
}

const COMMAND_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Sign-in endpoints take credentials, not commands: no Idempotency-Key, no event. */
export const SIGN_IN = new Set(['POST /api/auth/login', 'POST /api/auth/refresh']);

/** Every command endpoint under /api, as the OpenAPI document lists them (sign-in excluded). */
export async function commandEndpoints(url: string): Promise<string[]> {
  return (await operations(url))
    .filter((op) => COMMAND_METHODS.has(op.method) && op.path.startsWith('/api/') && !SIGN_IN.has(op.endpoint))
    .map((op) => op.endpoint);
}

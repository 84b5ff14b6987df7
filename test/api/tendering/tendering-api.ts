import { createHash, randomUUID } from 'node:crypto';
import { BuyingUnitRegistry } from '@licita/buying-units/application/buying-unit-registry';
import type { CommandContext } from '@licita/event-store/command-executor';
import type { RecordedEvent } from '@licita/event-store/event-store.port';
import type { Role } from '@licita/identity/domain/roles';
import { ManualClock } from '@licita/shared';
import { SupplierRegistry } from '@licita/suppliers/application/supplier-registry';
import { rfcCheckDigit } from '@licita/suppliers/domain/rfc';
import { aTenderContent, laptopsLot, printersLot, scheduleFrom } from '@licita/tendering/domain/tender.scenarios';
import { eventually, RegisterApi, type RegisterApiOptions, type Reply } from '../register/register-api';

import { at, DAY, HOUR } from '../../support/time';

export { at, DAY, eventually, HOUR, type Reply };

/** Someone who calls the API: logs in again whenever the clock has moved past its access token's life. */
export class Party {
  private token?: string;
  private loggedInAt = -Infinity;

  constructor(
    private readonly world: TenderingApi,
    readonly email: string,
    readonly ids: { accountId: string; supplierId?: string; buyingUnitId?: string },
  ) {}

  get supplierId(): string {
    return this.ids.supplierId as string;
  }

  async call(method: string, path: string, body?: unknown, key?: string): Promise<Reply> {
    const now = this.world.clock.now().getTime();
    if (this.token === undefined || now - this.loggedInAt > 10 * 60_000 || now < this.loggedInAt) {
      this.token = await this.world.api.login(this.email);
      this.loggedInAt = now;
    }
    return this.world.api.call(method, path, { token: this.token, body, key });
  }

  post = (path: string, body?: unknown, key?: string) => this.call('POST', path, body ?? {}, key);
  get = (path: string) => this.call('GET', path);
}

/**
 * The real API (RegisterApi: fresh database, projections running, scheduler polling every 50 ms) with a
 * ManualClock, and the people of a procedure: buying units with their buyers, verified suppliers, an auditor.
 * The register's own setup goes through its registries (the register has its own HTTP tests).
 */
export class TenderingApi {
  private rfcs = 0;

  private constructor(readonly api: RegisterApi) {}

  /** The tendering calls over a register API started elsewhere (with its own environment). */
  static over(api: RegisterApi): TenderingApi {
    return new TenderingApi(api);
  }

  /** On a fresh database, or on `databaseUrl` (kept on close) with the given clock: a restart. `options`: env, logs, modules. */
  static async start(
    clock: ManualClock | string = '2026-03-02T15:00:00.000Z',
    databaseUrl?: string,
    options: Omit<RegisterApiOptions, 'clock' | 'databaseUrl'> = {},
  ): Promise<TenderingApi> {
    return new TenderingApi(
      await RegisterApi.start({
        ...options,
        clock: typeof clock === 'string' ? new ManualClock(clock) : clock,
        databaseUrl,
      }),
    );
  }

  get clock(): ManualClock {
    return this.api.clock;
  }

  /** Anyone without a token. */
  anonymous = (method: string, path: string, body?: unknown) => this.api.call(method, path, { body });

  async buyingUnit(): Promise<string> {
    const buyingUnitId = randomUUID();
    const code = `UC-${buyingUnitId.slice(0, 8).toUpperCase()}`;
    await this.api.api.app.get(BuyingUnitRegistry).register(
      {
        type: 'RegisterBuyingUnit',
        buyingUnitId,
        code,
        name: `Unidad ${code}`,
        level: 'federal',
        parentInstitution: 'Secretaría de Salud',
      },
      this.context(),
    );
    return buyingUnitId;
  }

  async buyer(buyingUnitId: string): Promise<Party> {
    return this.party('buyer', { buyingUnitId });
  }

  async auditor(): Promise<Party> {
    return this.party('auditor', {});
  }

  async registrar(): Promise<Party> {
    return this.party('registrar', {});
  }

  /** A supplier of the register (verified unless told otherwise) and its account; laptops by default. */
  async supplier(name: string, { verified = true, classifierCodes = ['30213100-6'] } = {}): Promise<Party> {
    const supplierId = randomUUID();
    const registry = this.api.api.app.get(SupplierRegistry);
    await registry.register(
      {
        type: 'RegisterSupplier',
        supplierId,
        rfc: this.nextRfc(),
        legalName: `${name}, S.A. de C.V.`,
        personType: 'legal_entity',
        size: 'small',
        address: { street: 'Av. Juárez 100', municipality: 'Guadalajara', state: 'MX-JAL', postalCode: '44100' },
        contact: { name: 'Ana Pérez', email: `ventas-${supplierId.slice(0, 8)}@example.mx`, phone: '+52 33 1234 5678' },
        classifierCodes,
      },
      this.context(),
    );
    if (verified) await registry.handle({ type: 'VerifySupplier', supplierId }, this.context());
    return this.party('supplier', { supplierId });
  }

  async sanction(supplier: Party, startsAt: string, endsAt: string | null): Promise<void> {
    await this.api.api.app.get(SupplierRegistry).handle(
      {
        type: 'ImposeSanction',
        supplierId: supplier.supplierId,
        sanctionId: randomUUID(),
        startsAt,
        endsAt,
        reason: 'Falsedad de información',
        resolutionNumber: 'SFP/RS/1/2026',
      },
      this.context(),
    );
  }

  /** The tender as the parties' read model shows it, once it satisfies `ready`. */
  async view(tenderId: string, ready: (view: any) => boolean = () => true, as?: Party): Promise<any> {
    return eventually(`tender ${tenderId} view`, async () => {
      const reply = as
        ? await as.get(`/api/tenders/${tenderId}`)
        : await this.anonymous('GET', `/api/tenders/${tenderId}`);
      return reply.status === 200 && ready(reply.body) && reply.body;
    });
  }

  /**
   * A buyer's tender created an hour before `publishedAt` and published then (the clock is left at
   * `publishedAt`); `overrides` change the body of `aTender`.
   */
  async publishedTender(buyer: Party, publishedAt: string, overrides: Record<string, unknown> = {}): Promise<string> {
    this.clock.set(at(publishedAt, -HOUR));
    const created = await buyer.post('/api/tenders', aTender(buyer.ids.buyingUnitId as string, publishedAt, overrides));
    if (created.status !== 201) throw new Error(`tender not created: ${JSON.stringify(created.body)}`);
    this.clock.set(publishedAt);
    const published = await buyer.post(`/api/tenders/${created.body.tenderId}/publish`);
    if (published.status !== 200) throw new Error(`tender not published: ${JSON.stringify(published.body)}`);
    return created.body.tenderId;
  }

  /**
   * At `submittedAt` each supplier submits laptops at its price on lot-1 (see `laptopProposals`); at `openingDate`
   * the buyer opens them. Returns the opening's reply.
   */
  async openLaptopProposals(
    buyer: Party,
    tenderId: string,
    submittedAt: string,
    openingDate: string,
    bids: ReadonlyArray<readonly [Party, number]>,
  ): Promise<Reply> {
    this.clock.set(submittedAt);
    await laptopProposals(tenderId, bids);
    this.clock.set(openingDate);
    return buyer.post(`/api/tenders/${tenderId}/open`);
  }

  /** At `when` the buyer awards the tender from its evaluation (or its lots' auctions); the reply. */
  async award(buyer: Party, tenderId: string, when: string): Promise<Reply> {
    this.clock.set(when);
    return buyer.post(`/api/tenders/${tenderId}/award`);
  }

  async events(streamId: string): Promise<RecordedEvent[]> {
    return this.api.store.readStream(streamId);
  }

  close(): Promise<void> {
    return this.api.close();
  }

  private async party(role: Role, binding: { supplierId?: string; buyingUnitId?: string }): Promise<Party> {
    const { accountId, email } = await this.api.account(role, binding);
    return new Party(this, email, { accountId, ...binding });
  }

  private context(): CommandContext {
    return { actor: 'system', correlationId: randomUUID(), now: this.clock.now() };
  }

  /** A valid legal-entity RFC per supplier (the register refuses a taken one). */
  private nextRfc(): string {
    const homoclave = '123456789ABCDEFGHIJKLMNPQRSTUVWXYZ';
    const n = this.rfcs++;
    const base = `TST900101${homoclave[Math.floor(n / homoclave.length) % homoclave.length]}${homoclave[n % homoclave.length]}`;
    return base + rfcCheckDigit(base);
  }
}

// -------------------------------------------------------------------------------------------- builders

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export { laptopsLot, printersLot, scheduleFrom };

/** A public national tender for laptops (one lot), lowest price, to be published at `publishedAt`. */
export function aTender(
  buyingUnitId: string,
  publishedAt: string,
  overrides: Record<string, unknown> = {},
): Record<string, any> {
  // The domain scenarios' laptops tender, as the HTTP body names it (its own unit and schedule).
  const { title, description, category, procedureType, awardCriterion, lots, estimatedTotal, documents } =
    aTenderContent();
  return {
    buyingUnitId,
    title,
    description,
    category,
    procedureType,
    awardCriterion,
    lots,
    estimatedTotal,
    documents,
    schedule: scheduleFrom(publishedAt),
    ...overrides,
  };
}

export const twoLots = () => ({
  lots: [laptopsLot(), printersLot()],
  estimatedTotal: { amount: 29_700_000, currency: 'MXN' },
});

const QUANTITIES: Record<string, Record<string, number>> = {
  'lot-1': { 'item-1': 10, 'item-2': 10 },
  'lot-2': { 'item-3': 4 },
};

/** A proposal body priced per item, e.g. `{ 'lot-1': { 'item-1': 2_400_000, 'item-2': 100_000 } }`; amounts follow. */
export function aProposal(
  prices: Record<string, Record<string, number>>,
  documentTitle = 'Propuesta técnica',
): Record<string, any> {
  return {
    lots: Object.entries(prices).map(([lotId, unitPrices]) => ({
      lotId,
      amount: Object.entries(unitPrices).reduce((sum, [itemId, price]) => sum + price * QUANTITIES[lotId][itemId], 0),
      items: Object.entries(unitPrices).map(([itemId, unitPrice]) => ({ itemId, unitPrice })),
    })),
    documents: [
      {
        documentId: 'tech-1',
        kind: 'technical',
        title: documentTitle,
        fileName: 'tecnica.pdf',
        mediaType: 'application/pdf',
        sha256: sha256(documentTitle),
      },
    ],
  };
}

/** A direct award of the laptops to `supplierId` (no schedule), under LAASSP art. 41 fr. I. */
export const aDirectAward = (
  buyingUnitId: string,
  draftedAt: string,
  supplierId: string,
  text = 'Bienes con patente exclusiva.',
) =>
  aTender(buyingUnitId, draftedAt, {
    procedureType: 'direct_award',
    schedule: null,
    directAward: { supplierId, justification: { article: 'LAASSP art. 41 fr. I', text } },
  });

/** The award's answer: 200 and the tender awarded with these lots (each matched as a subset). */
export const awardedWith = (...lots: Array<Record<string, unknown>>) => ({
  status: 200,
  body: { status: 'awarded', lots },
});

/** An amount in pesos' centavos, as the API writes money. */
export const mxn = (amount: number) => ({ amount, currency: 'MXN' });

/** A contract of the lot's award from a day after `from` until `endDay` days after it (`POST /api/contracts`). */
export const aContract = (tenderId: string, from: string, lotId = 'lot-1', endDay = 30) => ({
  tenderId,
  lotId,
  startDate: at(from, DAY),
  endDate: at(from, endDay * DAY),
});

/** The buyer finds every opened proposal compliant on lot-1 (one call each, in order). */
export async function allCompliant(buyer: Party, tenderId: string, proposals: Array<{ proposalId: string }>) {
  for (const { proposalId } of proposals)
    await buyer.post(`/api/tenders/${tenderId}/evaluations`, { proposalId, lotId: 'lot-1', compliant: true });
}

/** Each supplier submits laptops at its price on lot-1, in order (each submission answers 201). */
export async function laptopProposals(tenderId: string, bids: ReadonlyArray<readonly [Party, number]>) {
  for (const [who, price] of bids) {
    expect((await who.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(price)))).status).toBe(201);
  }
}

/** The buyer finds every opened proposal compliant on each lot it offers on (each evaluation answers 201). */
export async function allCompliantOnTheirLots(
  buyer: Party,
  tenderId: string,
  proposals: Array<{ proposalId: string; lotIds?: string[]; offers?: Array<{ lotId: string }> }>,
) {
  for (const proposal of proposals) {
    for (const lotId of proposal.lotIds ?? (proposal.offers ?? []).map((o) => o.lotId)) {
      expect(
        (
          await buyer.post(`/api/tenders/${tenderId}/evaluations`, {
            proposalId: proposal.proposalId,
            lotId,
            compliant: true,
          })
        ).status,
      ).toBe(201);
    }
  }
}

/** Laptops at `laptopPrice` each and docks at 1,000.00: lot-1 amount is 10 × laptopPrice + 1,000,000. */
export const laptopsAt = (laptopPrice: number) => ({ 'lot-1': { 'item-1': laptopPrice, 'item-2': 100_000 } });

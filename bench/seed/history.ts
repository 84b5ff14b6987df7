import { lineTotal, DomainError, type Decider, type DomainEvent } from '@licita/shared';
import { createHash, randomUUID } from 'node:crypto';
import { auctionDecider, minimumStep, phaseAt, type AuctionState } from '@licita/auctions/domain/auction.decider';
import type { AuctionCommand } from '@licita/auctions/domain/auction.commands';
import { auctionStream, type AuctionClosed, type AuctionEvent } from '@licita/auctions/domain/auction.events';
import { auctionResultOf } from '@licita/auctions/application/auction-results';
import { lotAuctionId } from '@licita/auctions/application/auction-from-tender';
import { codeReservation, buyingUnitDecider, buyingUnitStream } from '@licita/buying-units';
import { toEventToAppend } from '@licita/event-store/command-executor';
import type { EventToAppend } from '@licita/event-store/event-store.port';
import {
  rfcReservation,
  supplierDecider,
  supplierStream,
  MEXICAN_STATES,
  type MexicanState,
  type SupplierCommand,
  type SupplierEvent,
  type SupplierState,
} from '@licita/suppliers';
import {
  activeProposals,
  checkProposalContent,
  contractDecider,
  contractStream,
  nextClockAlarm,
  openProposal,
  sealProposal,
  tenderDecider,
  tenderStream,
  type ContractCommand,
  type ContractEvent,
  type ContractState,
  type ProcedureType,
  type ProcurementCategory,
  type ProposalContent,
  type SupplierStanding,
  type TenderCommand,
  type TenderEvent,
  type TenderItem,
  type TenderLot,
  type TenderState,
} from '@licita/tendering';
import { contractIdOf } from '@licita/tendering';
import {
  ANSWERS,
  buyingUnitSpec,
  categoryOfDivision,
  DIRECT_AWARD_JUSTIFICATIONS,
  NON_COMPLIANCE_REASONS,
  QUESTIONS,
  STREETS,
  supplierIdentity,
  UNITS_OF_MEASURE,
  type CpvCatalog,
} from './catalog';
import type { Random } from './random';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** One append: what one command decided, for one stream, at one simulated instant. */
export interface Step {
  at: number;
  streamId: string;
  events: EventToAppend[];
}

/** The key of a tender's sealed proposals, from the application's key store (`TenderKeyStore`). */
export type TenderKey = { keyId: string; key: Buffer };

/**
 * How often each procedure type is chosen (weights). Competitive procedures make about four times the events
 * of a direct award (questions, sealed proposals, opening, evaluation, auctions: about 32 against 8).
 */
export const PROCEDURE_MIXES = {
  /** More competition than real life, so every step of every procedure shows often (about 23 events a tender). */
  varied: { direct_award: 35, invitation: 20, public_national: 35, public_international: 10 },
  /**
   * The CompraNet mix by number of procedures (issue #23): 64 % direct awards, 21 % invitations to at least
   * three, 16 % public tenders (14 national, 2 international); the shares as published add up to 101 %, so each
   * is drawn with weight 64, 21, 14 + 2 out of 101 (63.4 %, 20.8 %, 15.8 %). Buying units and suppliers are
   * skewed (Zipf-like: see `Simulation`), as a few institutions and incumbents take most procedures.
   */
  compranet: { direct_award: 64, invitation: 21, public_national: 14, public_international: 2 },
} satisfies Record<string, Record<ProcedureType, number>>;

export type ProcedureMix = keyof typeof PROCEDURE_MIXES;

export interface SimulationOptions {
  random: Random;
  catalog: CpvCatalog;
  /** Default `varied`. */
  mix?: ProcedureMix;
  /**
   * Zipf-like buying units and suppliers (default: the compranet mix is skewed, the varied one uniform): the
   * n-th unit registered buys with weight 1/n, and within a division the n-th supplier registered is invited or
   * directly awarded with weight 1/n, so a few institutions and incumbents take most procedures.
   */
  skewed?: boolean;
  /** The simulated period: registrations before `start`, tenders created from it, nothing after `end`. */
  start: number;
  end: number;
  emit(step: Step): void;
}

/** A command decided past the end of the simulated period: the rest of that procedure has not happened yet. */
class PastTheEnd extends Error {}

/** Actions at simulated instants, run in time order (an action may add later ones). */
class Agenda {
  private readonly items: Array<{ at: number; seq: number; act: () => void }> = [];
  private seq = 0;

  add(at: number, act: () => void): void {
    this.items.push({ at, seq: this.seq++, act });
  }

  /** Runs every action in time order; `before` is called first with its instant and may stop the run (false). */
  run(before: (at: number) => boolean = () => true): void {
    while (this.items.length > 0) {
      this.items.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.items.shift()!;
      if (!before(next.at)) return;
      next.act();
    }
  }
}

const REGISTRAR = 'account-registrar-0001';
const AUDITOR = 'account-auditor-0001';
const SYSTEM = 'system';

/**
 * One aggregate being written: its folded state, and every command decided by the real decider at a
 * simulated instant, the events recorded as the command executor would (metadata from the context).
 */
class Aggregate<C, E extends DomainEvent, S> {
  state: S;
  private last = -Infinity;

  constructor(
    readonly streamId: string,
    private readonly decider: Decider<C, E, S>,
    private readonly simulation: Simulation,
  ) {
    this.state = decider.initialState();
  }

  run(command: C, at: number, actor: string, reason?: string): E[] {
    if (at > this.simulation.end) throw new PastTheEnd();
    if (at < this.last) throw new Error(`seed generator: ${this.streamId} would go back in time`);
    const events = this.decider.decide(command, this.state, { now: new Date(at), actor });
    this.last = at;
    if (events.length === 0) return events;
    this.state = events.reduce((state, event) => this.decider.evolve(state, event), this.state);
    this.simulation.record(this.streamId, events, at, actor, reason);
    return events;
  }

  /** For what the domain may refuse in real life (a bid too late or too small): `null` when refused. */
  attempt(command: C, at: number, actor: string, reason?: string): E[] | null {
    try {
      return this.run(command, at, actor, reason);
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
  }
}

export type SupplierProfile = {
  supplierId: string;
  account: string;
  legalName: string;
  divisions: string[];
  verifiedAt: number | null;
  /** [from, to) intervals of sanctions in force. */
  sanctions: Array<[number, number]>;
};

export type BuyingUnitProfile = {
  buyingUnitId: string;
  account: string;
  name: string;
  parentInstitution: string;
  state: MexicanState;
};

/** What the procedure ended as (or is, when the period ended first), for the summary. */
/** A competitive procedure being simulated: its aggregate, its draft, its key, who is invited and its dates. */
type Procedure = {
  tender: Aggregate<TenderCommand, TenderEvent, TenderState>;
  tenderId: string;
  unit: BuyingUnitProfile;
  division: string;
  lots: TenderLot[];
  content: ReturnType<Simulation['draft']>['content'];
  key: TenderKey;
  invitation: boolean;
  invitees: SupplierProfile[];
  reduced: boolean;
  schedule: Record<
    'publicationDate' | 'questionsDeadline' | 'submissionDeadline' | 'openingDate' | 'awardDate',
    string
  >;
  published: number;
  questionsDeadline: number;
  submissionDeadline: number;
};

export type TenderOutcome = { procedureType: ProcedureType; status: string; auctions: number; contracts: number };

/**
 * A procurement history made by the real deciders: buying units, suppliers (valid RFCs, reservations as the
 * registries write them), and tenders of every procedure type from draft to closed contracts, with sealed
 * proposals, opening acts, evaluations, reverse auctions, challenges and contract amendments. Each command
 * is decided at a simulated instant; `emit` receives every append, in decision order per stream.
 */
export class Simulation {
  readonly units: BuyingUnitProfile[] = [];
  readonly suppliers: SupplierProfile[] = [];
  readonly end: number;
  eventsRecorded = 0;
  private readonly suppliersByDivision = new Map<string, SupplierProfile[]>();
  private readonly rfcs = new Set<string>();
  private readonly unitCodes = new Set<string>();

  constructor(private readonly options: SimulationOptions) {
    this.end = options.end;
  }

  private get random(): Random {
    return this.options.random;
  }

  private get skewed(): boolean {
    return this.options.skewed ?? this.options.mix === 'compranet';
  }

  record(streamId: string, events: DomainEvent[], at: number, actor: string, reason?: string): void {
    const context = { actor, correlationId: randomUUID(), now: new Date(at), ...(reason ? { reason } : {}) };
    this.eventsRecorded += events.length;
    this.options.emit({
      at,
      streamId,
      events: events.map((event, index) => toEventToAppend(event, index, streamId, context)),
    });
  }

  // ------------------------------------------------------------------------------------------ registers

  registerBuyingUnits(count: number): void {
    for (let i = 0; i < count; i++) {
      const spec = buyingUnitSpec(this.random, this.unitCodes);
      const buyingUnitId = this.random.uuid();
      const at = this.options.start - 120 * DAY + i * 10 * MINUTE;
      const claim = new Aggregate(codeReservation.stream(spec.code), codeReservation, this);
      claim.run({ type: 'Claim', value: spec.code, holder: buyingUnitId, holderUsesValue: false }, at, REGISTRAR);
      const { state, ...command } = spec;
      new Aggregate(buyingUnitStream(buyingUnitId), buyingUnitDecider, this).run(
        { type: 'RegisterBuyingUnit', buyingUnitId, ...command },
        at,
        REGISTRAR,
      );
      this.units.push({
        buyingUnitId,
        account: `account-${this.random.uuid()}`,
        name: spec.name,
        parentInstitution: spec.parentInstitution,
        state,
      });
    }
  }

  /** Most suppliers register before the period, the rest during it; a few are rejected, sanctioned or change data. */
  registerSuppliers(count: number): void {
    const span = this.end - this.options.start;
    for (let i = 0; i < count; i++) {
      const at = this.random.chance(0.75)
        ? this.options.start - this.random.int(1, 90 * 24) * HOUR
        : this.options.start + Math.floor(this.random.next() * span * 0.9);
      try {
        this.registerSupplier(at);
      } catch (error) {
        if (!(error instanceof PastTheEnd)) throw error;
      }
    }
  }

  private registerSupplier(registeredAt: number): void {
    const random = this.random;
    const identity = supplierIdentity(random, this.rfcs);
    const supplierId = random.uuid();
    const account = `account-${random.uuid()}`;
    const category = random.weighted<'goods' | 'services' | 'works'>({ goods: 6, services: 3, works: 1 });
    const divisions = random.sample(this.options.catalog.divisions[category], random.int(1, 2));
    const codes = divisions.flatMap((division) =>
      this.options.catalog.codes(random, division, random.int(1, 2)).map((c) => c.code),
    );
    const state = random.pick(Object.keys(MEXICAN_STATES) as MexicanState[]);
    const profile: SupplierProfile = {
      supplierId,
      account,
      legalName: identity.legalName,
      divisions,
      verifiedAt: null,
      sanctions: [],
    };

    new Aggregate(rfcReservation.stream(identity.rfc), rfcReservation, this).run(
      { type: 'Claim', value: identity.rfc, holder: supplierId, holderUsesValue: false },
      registeredAt,
      account,
    );
    const supplier = new Aggregate(supplierStream(supplierId), supplierDecider, this);
    supplier.run(
      {
        type: 'RegisterSupplier',
        supplierId,
        rfc: identity.rfc,
        legalName: identity.legalName,
        personType: identity.personType,
        size: random.weighted<'micro' | 'small' | 'medium' | 'large'>({ micro: 4, small: 3, medium: 2, large: 1 }),
        address: {
          street: `${random.pick(STREETS)} ${random.int(1, 3000)}`,
          municipality: MEXICAN_STATES[state],
          state,
          postalCode: String(random.int(1000, 99999)).padStart(5, '0'),
        },
        contact: {
          name: identity.contactName,
          email: `contacto${random.int(1, 999)}@${identity.rfc.toLowerCase()}.example.mx`,
          phone: `+52 55 ${random.int(1000, 9999)} ${random.int(1000, 9999)}`,
        },
        classifierCodes: codes,
      },
      registeredAt,
      account,
    );
    this.suppliers.push(profile);
    for (const division of divisions)
      this.suppliersByDivision.set(division, [...(this.suppliersByDivision.get(division) ?? []), profile]);

    const verifiedAt = this.verifySupplier(supplier, supplierId, identity, account, registeredAt);
    if (verifiedAt === null) return;
    profile.verifiedAt = verifiedAt;
    this.supplierLaterOn(supplier, profile, account, verifiedAt);
  }

  /** The registrar verifies the supplier (sometimes after a rejection and corrected data); null: not yet. */
  private verifySupplier(
    supplier: Aggregate<SupplierCommand, SupplierEvent, SupplierState>,
    supplierId: string,
    identity: { rfc: string; contactName: string },
    account: string,
    registeredAt: number,
  ): number | null {
    const random = this.random;
    let at = registeredAt + random.int(4, 96) * HOUR;
    const fate = random.next();
    if (fate < 0.03) return null; // still waiting for a registrar
    if (fate < 0.08) {
      const reason = 'El acta constitutiva no es legible';
      supplier.run({ type: 'RejectSupplier', supplierId, reason }, at, REGISTRAR, reason);
      at += random.int(1, 10) * DAY;
      const contact = {
        name: identity.contactName,
        email: `compras@${identity.rfc.toLowerCase()}.example.mx`,
        phone: '+52 55 5555 0100',
      };
      supplier.run({ type: 'UpdateSupplierData', supplierId, changes: { contact } }, at, account);
      at += random.int(1, 5) * DAY;
    }
    supplier.run({ type: 'VerifySupplier', supplierId }, at, REGISTRAR);
    return at;
  }

  /** Later in a verified supplier's life: sometimes a change of size, rarely a sanction that then expires. */
  private supplierLaterOn(
    supplier: Aggregate<SupplierCommand, SupplierEvent, SupplierState>,
    profile: SupplierProfile,
    account: string,
    at: number,
  ): void {
    const random = this.random;
    const supplierId = profile.supplierId;
    const later = new Agenda();
    if (random.chance(0.1)) {
      const changedAt = at + random.int(10, 500) * DAY;
      // A sanctioned supplier may change only its contact and address (the decider refuses the rest): a change
      // that falls within its sanction (drawn below) is not made.
      later.add(changedAt, () => {
        if (profile.sanctions.some(([from, to]) => from <= changedAt && changedAt < to)) return;
        supplier.run({ type: 'UpdateSupplierData', supplierId, changes: { size: 'large' } }, changedAt, account);
      });
    }
    if (random.chance(0.03)) {
      // Known ahead: the standings of every later procedure depend on it.
      const startsAt = at + random.int(30, 700) * DAY;
      const endsAt = startsAt + random.int(90, 900) * DAY;
      profile.sanctions.push([startsAt, endsAt]);
      const reason = 'Proporcionó información falsa en un procedimiento de contratación';
      const sanction = {
        type: 'ImposeSanction' as const,
        supplierId,
        sanctionId: random.uuid(),
        startsAt: iso(startsAt),
        endsAt: iso(endsAt),
        reason,
        resolutionNumber: `SFP/OIC/RS/${random.int(1, 999)}/${new Date(startsAt).getUTCFullYear()}`,
      };
      later.add(startsAt, () => supplier.run(sanction, startsAt, AUDITOR, reason));
      const expiredAt = endsAt + random.int(1, 60) * MINUTE;
      later.add(expiredAt, () => supplier.run({ type: 'LiftExpiredSanctions', supplierId }, expiredAt, SYSTEM));
    }
    later.run();
  }

  standingAt(profile: SupplierProfile, at: number): SupplierStanding {
    return {
      supplierId: profile.supplierId,
      verified: profile.verifiedAt !== null && profile.verifiedAt <= at,
      sanctioned: profile.sanctions.some(([from, to]) => from <= at && at < to),
    };
  }

  /** Verified and not sanctioned during the whole of [from, to]. */
  private eligible(profile: SupplierProfile, from: number, to: number): boolean {
    return (
      profile.verifiedAt !== null &&
      profile.verifiedAt <= from &&
      !profile.sanctions.some(([a, b]) => a <= to && from < b)
    );
  }

  /** Up to `count` suppliers of the division eligible over [from, to]; others when the division has too few. */
  private bidders(division: string, count: number, from: number, to: number, except: string[] = []): SupplierProfile[] {
    const ok = (p: SupplierProfile) => this.eligible(p, from, to) && !except.includes(p.supplierId);
    const inDivision = this.suppliersByDivision.get(division) ?? [];
    const local = (
      this.skewed ? this.random.zipfSample(inDivision, count * 3) : this.random.sample(inDivision, count * 3)
    )
      .filter(ok)
      .slice(0, count);
    const chosen = new Set(local);
    for (let tries = 0; chosen.size < count && tries < count * 20; tries++) {
      const p = this.random.pick(this.suppliers);
      if (ok(p)) chosen.add(p);
    }
    return [...chosen];
  }

  // --------------------------------------------------------------------------------------------- tenders

  /** Which procedure the next tender follows, by the mix's weights. */
  nextProcedure(): ProcedureType {
    return this.random.weighted<ProcedureType>(PROCEDURE_MIXES[this.options.mix ?? 'varied']);
  }

  /** A tender created at `createdAt`, played until it completes or the simulated period ends. */
  tender(tenderId: string, procedureType: ProcedureType, createdAt: number, key: TenderKey | null): TenderOutcome {
    const tender = new Aggregate<TenderCommand, TenderEvent, TenderState>(tenderStream(tenderId), tenderDecider, this);
    const outcome: TenderOutcome = { procedureType, status: 'draft', auctions: 0, contracts: 0 };
    try {
      if (procedureType === 'direct_award') this.directAward(tender, tenderId, createdAt, outcome);
      else this.competitive(tender, tenderId, procedureType, createdAt, key as TenderKey, outcome);
    } catch (error) {
      if (!(error instanceof PastTheEnd)) throw error;
    }
    outcome.status = tender.state.status;
    return outcome;
  }

  private draft(tenderId: string, procedureType: ProcedureType, createdAt: number) {
    const random = this.random;
    const unit = this.skewed ? random.zipfPick(this.units) : random.pick(this.units);
    const category = random.weighted<ProcurementCategory>({ goods: 60, services: 28, works: 9, leasing: 3 });
    const division = this.options.catalog.division(random, category);
    const lotCount =
      procedureType === 'public_national' || procedureType === 'public_international'
        ? Number(random.weighted({ 1: 60, 2: 25, 3: 15 }))
        : 1;
    let itemNumber = 0;
    const lots: TenderLot[] = Array.from({ length: lotCount }, (_, index) => {
      const codes = this.options.catalog.codes(random, division, random.int(1, 4));
      const items: TenderItem[] = codes.map((code) => ({
        itemId: `item-${++itemNumber}`,
        classifierCode: code.code,
        description: code.label,
        ...this.quantityAndPrice(categoryOfDivision(division)),
      }));
      const amount = items.reduce((sum, item) => sum + lineTotal(item.quantity, item.estimatedUnitPrice), 0);
      return {
        lotId: `lot-${index + 1}`,
        title: `Partida ${index + 1}: ${codes[0].label}`,
        items,
        estimatedValue: { amount, currency: 'MXN' },
      };
    });
    const year = new Date(createdAt).getUTCFullYear();
    const subject = lots[0].items[0].description.toLowerCase();
    const title = `${TITLE_PREFIX[category]} ${subject} ${year}`.slice(0, 300);
    return {
      unit,
      division,
      lots,
      content: {
        buyingUnitId: unit.buyingUnitId,
        title,
        description: `${title} para ${unit.name} (${unit.parentInstitution}).`,
        category,
        procedureType,
        awardCriterion: random.chance(0.8)
          ? { type: 'lowest_price' as const }
          : { type: 'points_and_percentages' as const, technicalWeight: 60, economicWeight: 40 },
        currency: 'MXN',
        lots,
        estimatedTotal: { amount: lots.reduce((sum, lot) => sum + lot.estimatedValue.amount, 0), currency: 'MXN' },
        documents: [
          document(
            tenderId,
            'convocatoria',
            procedureType === 'direct_award' ? 'Solicitud de cotización' : 'Convocatoria',
          ),
        ],
      },
    };
  }

  private quantityAndPrice(
    kind: 'goods' | 'services' | 'works',
  ): Pick<TenderItem, 'quantity' | 'unit' | 'estimatedUnitPrice'> {
    const random = this.random;
    const unit = random.pick(UNITS_OF_MEASURE[kind]);
    if (kind === 'works')
      return { quantity: 1, unit, estimatedUnitPrice: random.logUniform(500_000_00, 40_000_000_00) };
    if (kind === 'services')
      return { quantity: random.int(1, 12), unit, estimatedUnitPrice: random.logUniform(15_000_00, 900_000_00) };
    return { quantity: random.logUniform(1, 3_000), unit, estimatedUnitPrice: random.logUniform(40_00, 60_000_00) };
  }

  private directAward(
    tender: Aggregate<TenderCommand, TenderEvent, TenderState>,
    tenderId: string,
    createdAt: number,
    outcome: TenderOutcome,
  ): void {
    const random = this.random;
    const { unit, division, lots, content } = this.draft(tenderId, 'direct_award', createdAt);
    const awardedAt = createdAt + random.int(1, 7) * DAY + random.int(0, 8) * HOUR;
    const [supplier] = this.bidders(division, 1, createdAt, awardedAt);
    if (!supplier) return;
    const justification = random.pick(DIRECT_AWARD_JUSTIFICATIONS);
    tender.run(
      {
        type: 'CreateTender',
        tenderId,
        content: { ...content, schedule: null, directAward: { supplierId: supplier.supplierId, justification } },
      },
      createdAt,
      unit.account,
    );
    const amounts = lots.map((lot) => ({
      lotId: lot.lotId,
      amount: Math.max(1, Math.round(lot.estimatedValue.amount * (0.9 + random.next() * 0.1))),
    }));
    tender.run(
      { type: 'AwardDirectly', tenderId, suppliers: [this.standingAt(supplier, awardedAt)], lots: amounts },
      awardedAt,
      unit.account,
    );
    this.contracts(tender, tenderId, unit, awardedAt, outcome);
  }

  private competitive(
    tender: Aggregate<TenderCommand, TenderEvent, TenderState>,
    tenderId: string,
    procedureType: Exclude<ProcedureType, 'direct_award'>,
    createdAt: number,
    key: TenderKey,
    outcome: TenderOutcome,
  ): void {
    const status = (): string => tender.state.status; // changes with every command
    const { unit, division, lots, content } = this.draft(tenderId, procedureType, createdAt);
    const invitation = procedureType === 'invitation';
    const dates = this.competitiveSchedule(procedureType, createdAt);
    const invitees = invitation
      ? this.bidders(division, this.random.int(3, 5), dates.published, dates.submissionDeadline)
      : [];
    if (invitation && invitees.length < 3) return;
    const procedure: Procedure = {
      tender,
      tenderId,
      unit,
      division,
      lots,
      content,
      key,
      invitation,
      invitees,
      ...dates,
    };
    this.createAndPublish(procedure, createdAt);
    if (!this.tenderingPeriod(procedure)) return;
    const evaluated = this.openAndEvaluate(procedure);
    const completed = evaluated?.completed;
    if (status() === 'deserted' || completed?.type !== 'EvaluationCompleted') return;
    this.awardCompetitive(procedure, completed, evaluated!.at, outcome);
  }

  /** The dates of a competitive procedure: legal minimum days (or a justified reduction) plus some slack. */
  private competitiveSchedule(procedureType: Exclude<ProcedureType, 'direct_award'>, createdAt: number) {
    const random = this.random;
    const invitation = procedureType === 'invitation';
    const reduced = !invitation && random.chance(0.05);
    const minimumDays = reduced ? 10 : { public_national: 15, public_international: 20, invitation: 5 }[procedureType];
    const published = dayAt(createdAt + random.int(1, 5) * DAY, 16);
    const questionsDeadline = published + (invitation ? 2 : random.int(5, Math.max(5, minimumDays - 3))) * DAY;
    const submissionDeadline = published + (minimumDays + random.int(0, 7)) * DAY;
    const openingDate = submissionDeadline + (random.chance(0.5) ? 0 : HOUR);
    const schedule = {
      publicationDate: iso(published),
      questionsDeadline: iso(questionsDeadline),
      submissionDeadline: iso(submissionDeadline),
      openingDate: iso(openingDate),
      awardDate: iso(openingDate + random.int(7, 20) * DAY),
    };
    return { reduced, schedule, published, questionsDeadline, submissionDeadline };
  }

  private createAndPublish(p: Procedure, createdAt: number): void {
    const { tender, tenderId, unit, content, invitees, published } = p;
    const reverseAuction = content.category === 'goods' && this.random.chance(p.invitation ? 0.2 : 0.5);
    tender.run(
      {
        type: 'CreateTender',
        tenderId,
        content: {
          ...content,
          reverseAuction,
          schedule: p.schedule,
          invitedSupplierIds: invitees.map((i) => i.supplierId),
          periodReduction: p.reduced
            ? { justification: 'Urgencia acreditada por el área requirente (LAASSP art. 32)' }
            : null,
        },
      },
      createdAt,
      unit.account,
    );
    if (this.random.chance(0.1)) {
      tender.run(
        {
          type: 'UpdateTenderDraft',
          tenderId,
          changes: { description: `${content.description} Incluye entrega en sitio.` },
        },
        createdAt + 2 * HOUR,
        unit.account,
      );
    }
    tender.run(
      {
        type: 'PublishTender',
        tenderId,
        tenderKeyId: p.key.keyId,
        invitees: invitees.map((i) => this.standingAt(i, published)),
      },
      published,
      unit.account,
    );
  }

  /**
   * Between publication and the deadline: questions, an amendment, proposals, maybe a cancellation; the clock's
   * alarms in between. False when the procedure was cancelled.
   */
  private tenderingPeriod(p: Procedure): boolean {
    const random = this.random;
    const { tender, tenderId, invitation, invitees, questionsDeadline, submissionDeadline } = p;
    const actions = new Agenda();
    this.planQuestions(actions, p);
    if (random.chance(0.12)) this.planAmendment(actions, p);
    const proposalCount = invitation
      ? invitees.length
      : Number(random.weighted({ 0: 4, 1: 8, 2: 14, 3: 20, 4: 20, 5: 16, 7: 12, 9: 6 }));
    const bidders = invitation
      ? invitees.filter(() => random.chance(0.85))
      : this.bidders(p.division, proposalCount, questionsDeadline, submissionDeadline);
    for (const bidder of bidders)
      this.planProposal(actions, tender, tenderId, p.lots, bidder, p.key, questionsDeadline, submissionDeadline);
    const cancelledAt = random.chance(0.03)
      ? p.published + Math.floor(random.next() * (submissionDeadline - p.published))
      : null;
    if (cancelledAt !== null)
      actions.add(cancelledAt, () =>
        tender.run(
          { type: 'CancelTender', tenderId, reason: CANCEL_REASON },
          cancelledAt,
          p.unit.account,
          CANCEL_REASON,
        ),
      );
    actions.run((at) => {
      this.tick(tender, tenderId, at);
      return tender.state.status !== 'cancelled';
    });
    return tender.state.status !== 'cancelled';
  }

  private planQuestions(actions: Agenda, p: Procedure): void {
    const random = this.random;
    const { tender, tenderId, published, questionsDeadline } = p;
    const askers = p.invitation ? p.invitees : this.bidders(p.division, random.int(0, 4), published, questionsDeadline);
    for (const asker of askers.slice(0, random.int(0, p.invitation ? 2 : 5))) {
      const questionId = random.uuid();
      const askedAt = published + HOUR + Math.floor(random.next() * (questionsDeadline - published - 2 * HOUR));
      const answeredAt = Math.min(askedAt + random.int(1, 3) * DAY, p.submissionDeadline - 2 * HOUR);
      actions.add(askedAt, () =>
        tender.run(
          {
            type: 'AskQuestion',
            tenderId,
            questionId,
            supplier: { supplierId: asker.supplierId, verified: true, sanctioned: false },
            text: random.pick(QUESTIONS),
          },
          askedAt,
          asker.account,
        ),
      );
      actions.add(answeredAt, () =>
        tender.run(
          { type: 'AnswerQuestion', tenderId, questionId, answer: random.pick(ANSWERS) },
          answeredAt,
          p.unit.account,
        ),
      );
    }
  }

  private planAmendment(actions: Agenda, p: Procedure): void {
    const { tender, tenderId, questionsDeadline, submissionDeadline } = p;
    const amendedAt =
      questionsDeadline + Math.floor(this.random.next() * (submissionDeadline - questionsDeadline - DAY));
    const reason = 'Se incorpora el anexo técnico actualizado';
    actions.add(amendedAt, () => {
      const documents = [
        ...(tender.state.content?.documents ?? []),
        document(tenderId, 'anexo', 'Anexo técnico actualizado'),
      ];
      tender.run(
        { type: 'AmendTender', tenderId, amendmentId: this.random.uuid(), changes: { documents }, reason },
        amendedAt,
        p.unit.account,
        reason,
      );
    });
  }

  /** The opening act, then each open lot's proposals evaluated; the evaluation's completion, if it got there. */
  private openAndEvaluate(p: Procedure): { completed: TenderEvent; at: number } | undefined {
    const random = this.random;
    const { tender, tenderId, unit } = p;
    const status = (): string => tender.state.status; // changes with every command
    const opening = Date.parse(tender.state.content!.schedule!.openingDate) + random.int(0, 45) * MINUTE;
    this.tick(tender, tenderId, opening);
    if (status() === 'deserted') return undefined;
    const revealed = activeProposals(tender.state).map((proposal) => ({
      proposalId: proposal.proposalId,
      content: openProposal(proposal.sealed, p.key.key) as ProposalContent,
    }));
    tender.run({ type: 'OpenProposals', tenderId, revealed }, opening, unit.account);
    if (status() === 'deserted') return undefined;
    let at = opening + random.int(1, 5) * DAY;
    const points = p.content.awardCriterion.type === 'points_and_percentages';
    for (const proposal of activeProposals(tender.state)) {
      for (const lotId of proposal.lotIds) {
        if (tender.state.lots[lotId]?.status !== 'open') continue;
        const compliant = random.chance(0.85);
        at += random.int(5, 40) * MINUTE;
        tender.run(
          {
            type: 'EvaluateProposal',
            tenderId,
            proposalId: proposal.proposalId,
            lotId,
            compliant,
            reasons: compliant ? [] : [random.pick(NON_COMPLIANCE_REASONS)],
            technicalPoints: compliant && points ? random.int(55, 100) : null,
          },
          at,
          unit.account,
        );
      }
    }
    at += HOUR;
    const [completed] = tender.run({ type: 'CompleteEvaluation', tenderId }, at, unit.account);
    return completed && { completed, at };
  }

  /** The lots that go to auction are auctioned; then the award, its challenges and the contracts. */
  private awardCompetitive(
    p: Procedure,
    completed: Extract<TenderEvent, { type: 'EvaluationCompleted' }>,
    at: number,
    outcome: TenderOutcome,
  ): void {
    const { tender, tenderId, unit } = p;
    const auctionLots = completed.data.lots.filter((lot) => lot.goesToAuction);
    const results = auctionLots.map((lot) => this.auction(tenderId, lot, p.lots, unit, at + 10 * MINUTE));
    outcome.auctions = results.length;
    const awardedAt = Math.max(at, ...results.map((r) => Date.parse(r.closedAt))) + this.random.int(1, 3) * DAY;
    this.tick(tender, tenderId, awardedAt);
    tender.run(
      { type: 'AwardTender', tenderId, auctionResults: results.map(auctionResultOf) },
      awardedAt,
      unit.account,
    );
    this.challenges(tender, tenderId, awardedAt);
    this.contracts(tender, tenderId, unit, awardedAt, outcome);
  }

  /** A supplier's sealed proposal (and sometimes its replacement or withdrawal), as the submission handler makes it. */
  private planProposal(
    actions: Agenda,
    tender: Aggregate<TenderCommand, TenderEvent, TenderState>,
    tenderId: string,
    lots: TenderLot[],
    bidder: SupplierProfile,
    key: TenderKey,
    opens: number,
    deadline: number,
  ): void {
    const random = this.random;
    const proposalId = random.uuid();
    const offered = random.chance(0.85) ? lots : random.sample(lots, random.int(1, lots.length));
    const factors = new Map(offered.map((lot) => [lot.lotId, 0.72 + random.next() * 0.4]));
    const submittedAt = opens + Math.floor(random.next() * (deadline - opens - 2 * HOUR));
    const submit = (at: number, discount: number, type: 'SubmitProposal' | 'ReplaceProposal') => {
      const state = tender.state;
      const proposal = checkProposalContent(
        {
          tenderId,
          proposalId,
          supplierId: bidder.supplierId,
          currency: 'MXN',
          lots: offered.map((lot) => {
            const items = lot.items.map((item) => ({
              itemId: item.itemId,
              unitPrice: Math.max(
                1,
                Math.round(item.estimatedUnitPrice * (factors.get(lot.lotId) as number) * discount),
              ),
            }));
            const amount = lot.items.reduce((sum, item, i) => sum + lineTotal(item.quantity, items[i].unitPrice), 0);
            return { lotId: lot.lotId, amount, items };
          }),
          documents: [
            { ...document(proposalId, 'tecnica', 'Propuesta técnica'), kind: 'technical' as const },
            { ...document(proposalId, 'economica', 'Propuesta económica'), kind: 'economic' as const },
          ],
          salt: random.hex(16),
        },
        { tenderId, content: state.content! },
      );
      const sealed = sealProposal(proposal, key.key, random.bytes(12), key.keyId);
      tender.run(
        {
          type,
          tenderId,
          proposalId,
          supplier: this.standingAt(bidder, at),
          lotIds: proposal.lots.map((offer) => offer.lotId),
          ...sealed,
        },
        at,
        bidder.account,
      );
    };
    actions.add(submittedAt, () => submit(submittedAt, 1, 'SubmitProposal'));
    const later = submittedAt + Math.floor(random.next() * (deadline - submittedAt - HOUR));
    if (random.chance(0.08)) actions.add(later, () => submit(later, 0.97, 'ReplaceProposal'));
    else if (random.chance(0.04))
      actions.add(later, () =>
        tender.run(
          { type: 'WithdrawProposal', tenderId, proposalId, supplierId: bidder.supplierId },
          later,
          bidder.account,
        ),
      );
  }

  /** The durable scheduler: `AdvanceTenderClock` at each alarm due by `until`, a few seconds late. */
  private tick(tender: Aggregate<TenderCommand, TenderEvent, TenderState>, tenderId: string, until: number): void {
    for (
      let alarm = nextClockAlarm(tender.state);
      alarm !== null && Date.parse(alarm) <= until;
      alarm = nextClockAlarm(tender.state)
    ) {
      const at = Math.min(until, Date.parse(alarm) + this.random.int(1, 20) * 1000);
      if (tender.run({ type: 'AdvanceTenderClock', tenderId }, at, SYSTEM).length === 0) break;
    }
  }

  /**
   * A lot's reverse auction among its compliant bidders: scheduled by the buyer, bids every few seconds
   * (each bidder down to a price it will not go below), anti-sniping extensions, closed by the scheduler.
   */
  private auction(
    tenderId: string,
    lot: { lotId: string; ranking: Array<{ supplierId: string; amount: { amount: number } }> },
    lots: TenderLot[],
    unit: BuyingUnitProfile,
    scheduledAt: number,
  ): AuctionClosed['data'] {
    const random = this.random;
    random.uuid(); // drawn as before, so a seed still gives the same history
    // The id the application gives a lot's auction (ScheduleLotAuction), so the award finds it the same way.
    const auctionId = lotAuctionId(tenderId, lot.lotId);
    const auction = new Aggregate<AuctionCommand, AuctionEvent, AuctionState>(
      auctionStream(auctionId),
      auctionDecider,
      this,
    );
    const startsAt = dayAt(scheduledAt + 2 * DAY, 17);
    const durationSeconds = random.pick([600, 900, 1200]);
    const estimated = lots.find((l) => l.lotId === lot.lotId)?.estimatedValue.amount ?? lot.ranking[0].amount.amount;
    const byId = new Map(this.suppliers.map((p) => [p.supplierId, p]));
    auction.run(
      {
        type: 'ScheduleAuction',
        labelSeed: random.hex(16),
        auctionId,
        tenderId,
        lotId: lot.lotId,
        currency: 'MXN',
        startsAt: iso(startsAt),
        durationSeconds,
        minimumDecrement: { kind: 'percent', basisPoints: 50 },
        antiSniping: {
          windowSeconds: 60,
          extensionSeconds: 120,
          maximumEndsAt: iso(startsAt + durationSeconds * 1000 + 30 * MINUTE),
        },
        abnormallyLowFloor: Math.max(1, Math.round(estimated * 0.6)),
        participants: lot.ranking.map((r) => ({
          bidderId: r.supplierId,
          name: byId.get(r.supplierId)?.legalName ?? r.supplierId,
          openingPrice: r.amount.amount,
        })),
      },
      scheduledAt,
      unit.account,
    );
    const floors = new Map(
      lot.ranking.map((r) => [r.supplierId, Math.round(r.amount.amount * (0.62 + random.next() * 0.28))]),
    );
    let at = startsAt + random.int(5, 40) * 1000;
    for (let bids = 0, idle = 0; idle < 20 && bids < 400; at += random.int(1, 25) * 1000) {
      const state = auction.state;
      if (state.status !== 'open' || phaseAt(state, new Date(at)) !== 'running') break;
      const leader = [...state.participants].sort((a, b) => a.price - b.price)[0];
      const bidder = random.pick(
        state.participants.filter((p) => p.bidderId !== leader.bidderId || state.participants.length === 1),
      );
      const target = Math.min(
        bidder.price - minimumStep(state.settings.minimumDecrement, bidder.price) * random.int(1, 3),
        leader.price - minimumStep(state.settings.minimumDecrement, leader.price),
      );
      if (target < (floors.get(bidder.bidderId) as number)) {
        idle++;
        continue;
      }
      const placed = auction.attempt(
        { type: 'PlaceBid', auctionId, bidderId: bidder.bidderId, amount: target, clientBidId: random.uuid() },
        at,
        byId.get(bidder.bidderId)?.account ?? bidder.bidderId,
      );
      if (placed) bids++;
    }
    const state = auction.state as Extract<AuctionState, { status: 'open' | 'closed' }>;
    const [closed] = auction.run(
      { type: 'CloseAuction', auctionId },
      Date.parse(state.endsAt) + random.int(1, 5) * 1000,
      SYSTEM,
      'auction_end',
    );
    return (closed as AuctionClosed).data;
  }

  /** Now and then a losing bidder objects; the auditor mostly dismisses it, sometimes revises or annuls the award. */
  private challenges(
    tender: Aggregate<TenderCommand, TenderEvent, TenderState>,
    tenderId: string,
    awardedAt: number,
  ): void {
    const random = this.random;
    const agenda = new Agenda();
    for (const lot of Object.values(tender.state.lots)) {
      const award = lot.award;
      if (lot.status !== 'awarded' || !award?.proposalId || !random.chance(0.05)) continue;
      const challenger = lot.ranking.find((bid) => bid.proposalId !== award.proposalId);
      const profile = challenger && this.suppliers.find((p) => p.supplierId === challenger.supplierId);
      if (!challenger || !profile) continue;
      const challengeId = random.uuid();
      const challengedAt = awardedAt + random.int(1, 4) * DAY + random.int(0, 600) * MINUTE;
      const grounds = 'La propuesta ganadora no cumple el anexo técnico';
      agenda.add(challengedAt, () =>
        tender.run(
          {
            type: 'ChallengeAward',
            tenderId,
            challengeId,
            lotId: lot.lotId,
            supplierId: challenger.supplierId,
            grounds,
          },
          challengedAt,
          profile.account,
        ),
      );
      const resolvedAt = challengedAt + random.int(2, 3) * DAY;
      const roll = random.next();
      const upheld = roll >= 0.75;
      const reason = upheld ? 'Fundada: se revisa el fallo' : 'Infundada: la propuesta ganadora cumple';
      const revision = upheld ? { revisedProposalId: roll < 0.95 ? challenger.proposalId : null } : {};
      agenda.add(resolvedAt, () =>
        tender.run(
          { type: 'ResolveChallenge', tenderId, challengeId, upheld, reason, ...revision },
          resolvedAt,
          AUDITOR,
          reason,
        ),
      );
    }
    agenda.run((at) => {
      this.tick(tender, tenderId, at);
      return true;
    });
  }

  /**
   * The contract of every awarded lot once its award is final: the tender records it and the contract stream
   * starts (ContractCommands' order); some are amended; each completes after its end date or is terminated early.
   */
  private contracts(
    tender: Aggregate<TenderCommand, TenderEvent, TenderState>,
    tenderId: string,
    unit: BuyingUnitProfile,
    awardedAt: number,
    outcome: TenderOutcome,
  ): void {
    const random = this.random;
    const agenda = new Agenda();
    for (const lot of Object.values(tender.state.lots)) {
      if (lot.status !== 'awarded') continue;
      const final = lot.award?.objectionPeriodEndsAt ? Date.parse(lot.award.objectionPeriodEndsAt) : awardedAt;
      const signedAt = final + random.int(1, 8) * DAY + random.int(0, 6) * HOUR;
      agenda.add(signedAt, () => this.signContract(agenda, tender, tenderId, lot.lotId, unit, signedAt, outcome));
    }
    agenda.run((at) => {
      this.tick(tender, tenderId, at);
      return true;
    });
  }

  private signContract(
    agenda: Agenda,
    tender: Aggregate<TenderCommand, TenderEvent, TenderState>,
    tenderId: string,
    lotId: string,
    unit: BuyingUnitProfile,
    signedAt: number,
    outcome: TenderOutcome,
  ): void {
    const random = this.random;
    const lot = tender.state.lots[lotId];
    if (lot.status !== 'awarded' || !lot.award) return;
    const award = lot.award;
    const contractId = contractIdOf(tenderId, lotId);
    const contract = new Aggregate<ContractCommand, ContractEvent, ContractState>(
      contractStream(contractId),
      contractDecider,
      this,
    );
    const startDate = dayAt(signedAt + DAY, 6);
    const endDate = startDate + random.int(30, 365) * DAY;
    const items = tender.state
      .content!.lots.find((l) => l.lotId === lotId)!
      .items.map(({ itemId, description, quantity, unit: measure }) => ({
        itemId,
        description,
        quantity,
        unit: measure,
      }));
    tender.run({ type: 'RecordContractSigned', tenderId, lotId, contractId }, signedAt, unit.account);
    contract.run(
      {
        type: 'SignContract',
        contractId,
        tenderId,
        lotId,
        buyingUnitId: unit.buyingUnitId,
        supplierId: award.supplierId,
        amount: award.amount,
        items,
        startDate: iso(startDate),
        endDate: iso(endDate),
        directAward: award.basis === 'direct_award',
      },
      signedAt,
      unit.account,
    );
    outcome.contracts++;
    this.planContractEnd(agenda, { tender, tenderId, contract, contractId, unit, award, startDate, endDate });
  }

  /** Sometimes an amendment halfway; then the contract's completion, or (rarely) its early termination. */
  private planContractEnd(
    agenda: Agenda,
    {
      tender,
      tenderId,
      contract,
      contractId,
      unit,
      award,
      startDate,
      endDate,
    }: {
      tender: Aggregate<TenderCommand, TenderEvent, TenderState>;
      tenderId: string;
      contract: Aggregate<ContractCommand, ContractEvent, ContractState>;
      contractId: string;
      unit: BuyingUnitProfile;
      award: { amount: { amount: number } };
      startDate: number;
      endDate: number;
    },
  ): void {
    const random = this.random;
    const terminated = random.chance(0.06);
    if (!terminated && random.chance(0.15)) {
      const amendedAt = startDate + Math.floor((endDate - startDate) / 2);
      const reason = 'Ampliación del monto por necesidades adicionales (LAASSP art. 52)';
      const amount = Math.round(award.amount.amount * (1 + random.int(3, 15) / 100));
      agenda.add(amendedAt, () =>
        contract.run(
          { type: 'AmendContract', contractId, amendmentId: random.uuid(), amount, reason },
          amendedAt,
          unit.account,
          reason,
        ),
      );
    }
    const closedAt = terminated
      ? startDate + Math.floor((endDate - startDate) * 0.4)
      : endDate + random.int(1, 10) * DAY;
    agenda.add(closedAt, () => {
      if (terminated) {
        const reason = 'Incumplimiento en los plazos de entrega';
        contract.run(
          {
            type: 'TerminateContract',
            contractId,
            kind: random.chance(0.5) ? 'rescission' : 'early_termination',
            reason,
          },
          closedAt,
          unit.account,
          reason,
        );
      } else contract.run({ type: 'CompleteContract', contractId }, closedAt, unit.account);
      tender.run(
        { type: 'RecordContractClosed', tenderId, contractId, outcome: terminated ? 'terminated' : 'completed' },
        closedAt,
        unit.account,
      );
    });
  }
}

const TITLE_PREFIX: Record<ProcurementCategory, string> = {
  goods: 'Adquisición de',
  services: 'Contratación del servicio de',
  works: 'Obra pública:',
  leasing: 'Arrendamiento de',
};

const CANCEL_REASON = 'Desapareció la necesidad que motivó la contratación (LAASSP art. 38)';

const iso = (ms: number) => new Date(ms).toISOString();

/** The same day at `hour`:00 UTC (16:00 UTC is 10:00 in Mexico City), or the next day if that has passed. */
function dayAt(ms: number, hour: number): number {
  const day = Math.floor(ms / DAY) * DAY + hour * HOUR;
  return day >= ms ? day : day + DAY;
}

function document(ownerId: string, name: string, title: string) {
  return {
    documentId: `${name}-${ownerId.slice(0, 8)}`,
    title,
    fileName: `${name}.pdf`,
    mediaType: 'application/pdf',
    sha256: createHash('sha256').update(`${ownerId}|${name}`).digest('hex'),
  };
}

import type {
  FrameworkAgreementEstablished,
  FrameworkOrderAccepted,
  FrameworkOrderPlaced,
  FrameworkOrderRejected,
} from '@licita/frameworks';
import type { ProjectionTransaction } from '@licita/projections';
import type { Money } from '@licita/shared';
import { toCurrencyUnits } from '../domain/amounts';
import type { OcdsRelease } from '../domain/compile-release';
import { buyingUnitPartyId, renderParty, supplierPartyId, type OcdsParty, type PartyRecord } from './ocds-parties';

/**
 * OCDS of framework agreements (libs/frameworks), following OCDS's framework-agreement guidance:
 * - the agreement is the outcome of the central body's procedure, so `FrameworkAgreementEstablished` writes a
 *   `tenderUpdate` release of *that procedure's* ocid with `tender.techniques.hasFrameworkAgreement: true` and
 *   `tender.techniques.frameworkAgreement` (the techniques extension, not in ../shared/ocds: Licita documents it
 *   as its own in ocds-extensions.ts), the validity as `tender.contractPeriod` and the catalogue as `tender.items`;
 *   the suppliers' prices, the regions and the authorised units are in `licitaFramework` (Licita's field);
 * - each order (call-off) is a contracting process of its own (ocid = prefix + order id) whose
 *   `relatedProcesses` names the agreement's process (`relationship: ['framework']`, `scheme: 'ocid'`), with an
 *   award to the supplier and its contract: `pending` when placed, `active` once the supplier accepts (its
 *   `dateSigned`), `cancelled` when it rejects (the reason in `licitaFramework`).
 * Every release is a full snapshot of what is known of its process (as the platform's releases are).
 */
export const FRAMEWORK_OCDS_TYPES = [
  'FrameworkAgreementEstablished',
  'FrameworkOrderPlaced',
  'FrameworkOrderAccepted',
  'FrameworkOrderRejected',
] as const;

/** What the projection keeps of an agreement (under `framework-agreement-<id>` in `ocds_processes`). */
export type FrameworkAgreementProcess = {
  kind: 'framework-agreement';
  agreementId: string;
  ocid: string;
  title: string;
  items: FrameworkAgreementEstablished['data']['items'];
};

/** What the projection keeps of an order (under `framework-order-<id>`). */
export type FrameworkOrderProcess = {
  kind: 'framework-order';
  ocid: string;
  agreement: { agreementId: string; ocid: string; title: string };
  order: FrameworkOrderPlaced['data'];
  status: 'placed' | 'accepted' | 'rejected';
  answeredAt: string | null;
  rejectionReason: string | null;
  releaseCount: number;
};

export const frameworkAgreementKey = (agreementId: string) => `framework-agreement-${agreementId}`;
export const frameworkOrderKey = (orderId: string) => `framework-order-${orderId}`;

export const TECHNIQUES_METHOD = {
  fixed: 'withoutReopeningCompetition',
  competition: 'withReopeningCompetition',
  both: 'withAndWithoutReopeningCompetition',
} as const;

/** The agreement's release on its procedure's ocid; `tenderId` is the procedure's public `tender.id`. */
export function renderAgreementRelease(
  agreement: FrameworkAgreementEstablished['data'],
  procedure: { ocid: string; tenderId: string },
  central: OcdsParty | undefined,
): OcdsRelease {
  const fixed = agreement.items.filter((item) => item.priceFixed).length;
  const method =
    fixed === agreement.items.length
      ? TECHNIQUES_METHOD.fixed
      : fixed === 0
        ? TECHNIQUES_METHOD.competition
        : TECHNIQUES_METHOD.both;
  const buyer = central ? { id: central.id, name: central.name } : undefined;
  return {
    ocid: procedure.ocid,
    id: `${procedure.ocid}-framework-${agreement.agreementId}`,
    date: agreement.establishedAt,
    tag: ['tenderUpdate'],
    initiationType: 'tender',
    language: 'es',
    ...(central ? { parties: [{ ...central, roles: ['buyer', 'procuringEntity'] }], buyer } : {}),
    tender: {
      id: procedure.tenderId,
      techniques: {
        hasFrameworkAgreement: true,
        frameworkAgreement: {
          method,
          buyerCategories:
            agreement.authorisedBuyingUnitIds === 'all'
              ? 'Todas las unidades compradoras de las entidades cubiertas'
              : 'Las unidades compradoras autorizadas en licitaFramework.authorisedBuyingUnits',
          ...(agreement.ceilings[0] ? { value: value(agreement.ceilings[0]) } : {}),
        },
      },
      contractPeriod: { startDate: agreement.validFrom, endDate: agreement.validTo },
      items: agreement.items.map((item) => ({
        id: `framework-${agreement.agreementId}-${item.itemId}`,
        description: item.description,
        classification: { scheme: item.classification.scheme, id: item.classification.id },
        ...(item.maxQuantity !== null ? { quantity: item.maxQuantity } : {}),
        unit: { name: item.unit },
      })),
    },
    licitaFramework: {
      agreementId: agreement.agreementId,
      title: agreement.title,
      regions: agreement.regions,
      authorisedBuyingUnits:
        agreement.authorisedBuyingUnitIds === 'all' ? 'all' : agreement.authorisedBuyingUnitIds.map(buyingUnitPartyId),
      ceilings: agreement.ceilings.map(value),
      catalogue: agreement.items.map((item) => ({
        itemId: item.itemId,
        priceFixed: item.priceFixed,
        prices: item.prices.map((price) => ({
          supplier: supplierPartyId(price.supplierId),
          unitPrice: price.unitPrice ? value(price.unitPrice) : null,
        })),
      })),
    },
  };
}

export function orderPlaced(
  agreement: FrameworkAgreementProcess,
  order: FrameworkOrderPlaced['data'],
  ocidPrefix: string,
): FrameworkOrderProcess {
  return {
    kind: 'framework-order',
    ocid: `${ocidPrefix}${order.orderId}`,
    agreement: { agreementId: agreement.agreementId, ocid: agreement.ocid, title: agreement.title },
    order,
    status: 'placed',
    answeredAt: null,
    rejectionReason: null,
    releaseCount: 0,
  };
}

export function orderAnswered(
  process: FrameworkOrderProcess,
  event: FrameworkOrderAccepted | FrameworkOrderRejected,
): FrameworkOrderProcess {
  return event.type === 'FrameworkOrderAccepted'
    ? { ...process, status: 'accepted', answeredAt: event.data.acceptedAt }
    : { ...process, status: 'rejected', answeredAt: event.data.rejectedAt, rejectionReason: event.data.reason };
}

/** The order's release after its latest event (the process's `releaseCount` already counts it). */
export function renderOrderRelease(
  process: FrameworkOrderProcess,
  items: FrameworkAgreementProcess['items'],
  parties: (partyId: string) => PartyRecord | undefined,
): OcdsRelease {
  const { order } = process;
  const buyerId = buyingUnitPartyId(order.buyingUnitId);
  const supplierId = supplierPartyId(order.supplierId);
  const party = (id: string, roles: string[]) => {
    const record = parties(id);
    return { ...(record ? renderParty(id, record) : { id, name: id }), roles };
  };
  const buyer = party(buyerId, ['buyer']);
  const supplier = party(supplierId, ['supplier']);
  const date = process.answeredAt ?? order.placedAt;
  const total = order.totals[0];
  const awardId = `award-${order.orderId}`;
  const lines = orderItems(order, items);
  return {
    ocid: process.ocid,
    id: `${process.ocid}-${process.releaseCount}`,
    date,
    tag: TAGS[process.status],
    initiationType: 'tender',
    language: 'es',
    parties: [buyer, supplier],
    buyer: { id: buyer.id, name: buyer.name },
    relatedProcesses: [
      {
        id: 'framework',
        relationship: ['framework'],
        title: process.agreement.title,
        scheme: 'ocid',
        identifier: process.agreement.ocid,
      },
    ],
    awards: [
      {
        id: awardId,
        title: `Pedido ${order.orderId} del convenio marco ${process.agreement.title}`,
        status: process.status === 'rejected' ? 'cancelled' : 'active',
        date: order.placedAt,
        value: value(total),
        suppliers: [{ id: supplier.id, name: supplier.name }],
        items: lines,
      },
    ],
    contracts: [
      {
        id: order.orderId,
        awardID: awardId,
        title: `Pedido ${order.orderId}`,
        status: process.status === 'placed' ? 'pending' : process.status === 'accepted' ? 'active' : 'cancelled',
        value: value(total),
        items: lines,
        ...(process.status === 'accepted' && process.answeredAt ? { dateSigned: process.answeredAt } : {}),
      },
    ],
    licitaFramework: {
      agreementId: process.agreement.agreementId,
      orderId: order.orderId,
      origin: order.origin,
      totals: order.totals.map(value),
      ...(process.rejectionReason ? { rejectionReason: process.rejectionReason } : {}),
    },
  };
}

const TAGS: Record<FrameworkOrderProcess['status'], string[]> = {
  placed: ['award', 'contract'],
  accepted: ['contractUpdate'],
  rejected: ['awardCancellation', 'contractUpdate'],
};

/** The order's lines as OCDS items: the catalogue's description, classification and unit, the unit price paid. */
function orderItems(order: FrameworkOrderPlaced['data'], items: FrameworkAgreementProcess['items']) {
  return order.lines.map((line, index) => {
    const item = items.find((i) => i.itemId === line.itemId);
    return {
      id: String(index + 1),
      description: item?.description ?? line.itemId,
      ...(item ? { classification: { scheme: item.classification.scheme, id: item.classification.id } } : {}),
      quantity: line.quantity,
      unit: { name: item?.unit ?? 'unidad', value: value(line.unitPrice) },
    };
  });
}

const value = (money: Money) => ({ amount: toCurrencyUnits(money.amount, money.currency), currency: money.currency });

type ReleaseRow = {
  release_id: string;
  ocid: string;
  tender_id: string;
  position: string;
  date: string;
  tags: string[];
  release: unknown;
};
type Recorded = { type: string; data: unknown; globalPosition: bigint };
type FrameworkProcess = FrameworkAgreementProcess | FrameworkOrderProcess;

/**
 * The releases of a batch's framework events (after the platform's own, so an agreement's procedure has its
 * releases): the agreements' and orders' states are kept in `ocds_processes`, the releases returned to be written.
 */
export async function frameworkReleases(
  events: Recorded[],
  tx: ProjectionTransaction,
  ocidPrefix: string,
): Promise<ReleaseRow[]> {
  if (events.length === 0) return [];
  const batch = new FrameworkBatch(tx, ocidPrefix);
  const releases: ReleaseRow[] = [];
  for (const event of events) {
    const release = await batch.apply(event);
    if (release) releases.push(release);
  }
  await batch.save();
  return releases;
}

class FrameworkBatch {
  private readonly states = new Map<string, FrameworkProcess>();
  private readonly changed = new Set<string>();

  constructor(
    private readonly tx: ProjectionTransaction,
    private readonly ocidPrefix: string,
  ) {}

  async apply(event: Recorded): Promise<ReleaseRow | undefined> {
    const position = String(event.globalPosition);
    if (event.type === 'FrameworkAgreementEstablished')
      return this.established(event.data as FrameworkAgreementEstablished['data'], position);
    const data = event.data as { agreementId: string; orderId: string };
    const key = frameworkOrderKey(data.orderId);
    const agreement = (await this.load(frameworkAgreementKey(data.agreementId))) as
      FrameworkAgreementProcess | undefined;
    if (!agreement) return undefined;
    const current = (await this.load(key)) as FrameworkOrderProcess | undefined;
    const next =
      event.type === 'FrameworkOrderPlaced'
        ? orderPlaced(agreement, event.data as FrameworkOrderPlaced['data'], this.ocidPrefix)
        : current && orderAnswered(current, event as FrameworkOrderAccepted | FrameworkOrderRejected);
    if (!next) return undefined;
    const process = { ...next, releaseCount: next.releaseCount + 1 };
    this.set(key, process);
    const records = new Map<string, PartyRecord | undefined>();
    for (const id of [buyingUnitPartyId(process.order.buyingUnitId), supplierPartyId(process.order.supplierId)])
      records.set(id, await this.partyRecord(id));
    return row(
      renderOrderRelease(process, agreement.items, (id) => records.get(id)),
      key,
      position,
    );
  }

  async save(): Promise<void> {
    for (const key of this.changed) {
      const state = this.states.get(key) as FrameworkProcess;
      await this.tx.query(
        `INSERT INTO ocds_processes (tender_id, ocid, state) VALUES ($1, $2, $3)
         ON CONFLICT (tender_id) DO UPDATE SET state = EXCLUDED.state`,
        // An agreement's ocid is its procedure's, whose own row holds it (the column is unique): its row is keyed alone.
        [key, state.kind === 'framework-agreement' ? key : state.ocid, JSON.stringify(state)],
      );
    }
  }

  private async established(agreement: FrameworkAgreementEstablished['data'], position: string) {
    const ocid = `${this.ocidPrefix}${agreement.tenderId}`;
    this.set(frameworkAgreementKey(agreement.agreementId), {
      kind: 'framework-agreement',
      agreementId: agreement.agreementId,
      ocid,
      title: agreement.title,
      items: agreement.items,
    });
    const latest: Array<{ tender_id: string | null }> = await this.tx.query(
      `SELECT release->'tender'->>'id' AS tender_id FROM ocds_releases WHERE ocid = $1 ORDER BY position DESC LIMIT 1`,
      [ocid],
    );
    if (!latest[0]) return undefined; // a procedure not published in OCDS: nothing to update
    const centralId = buyingUnitPartyId(agreement.centralBuyingUnitId);
    const central = await this.partyRecord(centralId);
    const release = renderAgreementRelease(
      agreement,
      { ocid, tenderId: latest[0].tender_id ?? agreement.tenderId },
      central && renderParty(centralId, central),
    );
    return row(release, agreement.tenderId, position);
  }

  private set(key: string, state: FrameworkProcess) {
    this.states.set(key, state);
    this.changed.add(key);
  }

  private async load(key: string): Promise<FrameworkProcess | undefined> {
    if (!this.states.has(key)) {
      const rows: Array<{ state: FrameworkProcess }> = await this.tx.query(
        'SELECT state FROM ocds_processes WHERE tender_id = $1',
        [key],
      );
      if (rows[0]) this.states.set(key, rows[0].state);
    }
    return this.states.get(key);
  }

  private async partyRecord(partyId: string): Promise<PartyRecord | undefined> {
    const rows: Array<{ record: PartyRecord }> = await this.tx.query(
      'SELECT record FROM ocds_parties WHERE party_id = $1',
      [partyId],
    );
    return rows[0]?.record;
  }
}

const row = (release: OcdsRelease, processId: string, position: string): ReleaseRow => ({
  release_id: release.id,
  ocid: release.ocid,
  tender_id: processId,
  position,
  date: release.date,
  tags: release.tag,
  release,
});

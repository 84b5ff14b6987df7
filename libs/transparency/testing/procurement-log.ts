import type { RecordedEvent } from '@licita/event-store/event-store.port';
import { fold, type Decider, type DomainEvent } from '@licita/shared';
import {
  contractDecider,
  contractStream,
  contractTermsFor,
  tenderDecider,
  tenderStream,
  type ContractCommand,
  type ContractEvent,
  type TenderCommand,
  type TenderEvent,
  type TenderState,
} from '@licita/tendering';
import { BUYING_UNIT_ID, TENDER_ID } from '@licita/tendering/domain/tender.scenarios';

/**
 * A global event log made by the real tendering deciders, as the store would record it (stream revisions,
 * global positions, metadata with one correlation id per command), with the register's suppliers and buying
 * unit: what the OCDS projection is fed in its tests. Each `tender`/`contract` call is one command.
 */
export class ProcurementLog {
  readonly events: RecordedEvent[] = [];
  private commands = 0;

  constructor() {
    this.record(
      'buying-unit-' + BUYING_UNIT_ID,
      [
        {
          type: 'BuyingUnitRegistered',
          data: {
            buyingUnitId: BUYING_UNIT_ID,
            code: '006000998',
            name: 'IMSS Coordinación de Adquisiciones',
            level: 'federal',
            parentInstitution: 'Instituto Mexicano del Seguro Social',
          },
        },
      ],
      '2026-01-01T00:00:00.000Z',
    );
  }

  supplier(
    supplierId: string,
    rfc: string,
    legalName: string,
    personType: 'legal_entity' | 'individual' = 'legal_entity',
  ): void {
    const data = {
      supplierId,
      rfc,
      legalName,
      personType,
      size: 'small',
      address: { street: 'Av. Juárez 100', municipality: 'Guadalajara', state: 'MX-JAL', postalCode: '44100' },
      contact: { name: 'Ana Pérez', email: `ventas@${supplierId}.example.mx`, phone: '+52 33 1234 5678' },
      classifierCodes: ['30213100-6'],
    };
    this.record(`supplier-${supplierId}`, [{ type: 'SupplierRegistered', data }], '2026-01-02T00:00:00.000Z');
  }

  tender(command: TenderCommand, at: string, tenderId = TENDER_ID): TenderEvent[] {
    return this.run(tenderDecider, tenderStream(tenderId), command, at);
  }

  contract(contractId: string, command: ContractCommand, at: string): ContractEvent[] {
    return this.run(contractDecider, contractStream(contractId), command, at);
  }

  /** Signs a lot's contract as the handler does: the tender records it, then the contract stream is written. */
  sign(lotId: string, contractId: string, at: string, tenderId = TENDER_ID): void {
    const terms = contractTermsFor(this.tenderState(tenderId), lotId);
    if (!terms) throw new Error(`lot ${lotId} is not awarded`);
    this.tender({ type: 'RecordContractSigned', tenderId, lotId, contractId }, at, tenderId);
    this.contract(
      contractId,
      {
        type: 'SignContract',
        contractId,
        ...terms,
        startDate: at,
        endDate: new Date(Date.parse(at) + 90 * 86_400_000).toISOString(),
      },
      at,
    );
  }

  tenderState = (tenderId = TENDER_ID): TenderState =>
    fold(tenderDecider, this.streamEvents(tenderStream(tenderId)) as TenderEvent[]);

  private run<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, streamId: string, command: C, at: string): E[] {
    const events = decider.decide(command, fold(decider, this.streamEvents(streamId) as E[]), {
      now: new Date(at),
      actor: 'account-buyer',
    });
    this.record(streamId, events, at);
    return events;
  }

  private streamEvents = (streamId: string): DomainEvent[] =>
    this.events.filter((event) => event.streamId === streamId).map(({ type, data }) => ({ type, data }));

  /** Appends events as one command would (one correlation id). */
  record(streamId: string, events: DomainEvent[], at: string): void {
    const correlationId = `command-${++this.commands}`;
    let revision = this.events.filter((event) => event.streamId === streamId).length;
    for (const event of events) {
      const position = this.events.length + 1;
      this.events.push({
        id: `event-${position}`,
        type: event.type,
        data: event.data as RecordedEvent['data'],
        streamId,
        streamRevision: BigInt(revision++),
        globalPosition: BigInt(position),
        metadata: { actor: 'account-buyer', correlationId, occurredAt: at },
        recordedAt: new Date(at),
      });
    }
  }
}

import { contractDecider, type ContractEvent, type SignContract } from '@licita/tendering/domain/contract';
import type { RecordContractSigned } from '@licita/tendering/domain/tender.commands';
import type { TenderEvent } from '@licita/tendering/domain/tender.events';
import {
  aTenderReadyForContract,
  play,
  PROPOSAL,
  stateOf,
  T,
  TENDER_ID,
} from '@licita/tendering/domain/tender.scenarios';
import { contractTermsFor } from '@licita/tendering/domain/tender.state';
import { OcdsValidator } from '../validation/ocds-validator';
import { applyToProcess, newProcess, type OcdsSourceEvent } from './ocds-process';
import { renderRelease } from './ocds-release';

const validator = OcdsValidator.load();
const mxn = (amount: number) => ({ amount, currency: 'MXN' });
const HOSPITAL = 'uc-hospital-norte';
const CLINIC = 'uc-clinica-sur';
const consolidation = {
  participants: [
    {
      buyingUnitId: HOSPITAL,
      requestReference: 'REQ-HN-2026-014',
      items: [
        { itemId: 'item-1', quantity: 7 },
        { itemId: 'item-2', quantity: 7 },
      ],
      commitment: mxn(18_550_000),
    },
    {
      buyingUnitId: CLINIC,
      requestReference: 'Oficio CS/031/2026',
      items: [
        { itemId: 'item-1', quantity: 3 },
        { itemId: 'item-2', quantity: 3 },
      ],
      commitment: mxn(7_950_000),
    },
  ],
};

/** A consolidated purchase awarded to B (24 000 000), each unit's contract signed; the hospital's runs two fiscal years. */
function consolidatedAndSigned(): OcdsSourceEvent[] {
  let tender: TenderEvent[] = aTenderReadyForContract([PROPOSAL.A, PROPOSAL.B], { consolidation });
  const contracts: ContractEvent[] = [];
  for (const unit of [HOSPITAL, CLINIC]) {
    const terms = contractTermsFor(stateOf(tender), 'lot-1', unit);
    if (!terms) throw new Error(`no terms for ${unit}`);
    const contractId = `contract-${unit}`;
    const multiYear =
      unit === HOSPITAL
        ? {
            fiscalYears: [
              { fiscalYear: 2026, amount: 10_000_000 },
              { fiscalYear: 2027, amount: 6_800_000 },
            ],
            portfolioKey: '2612GYR0001',
          }
        : undefined;
    const sign: SignContract = {
      type: 'SignContract',
      contractId,
      ...terms,
      startDate: '2026-04-06T06:00:00.000Z',
      endDate: unit === HOSPITAL ? '2027-06-30T06:00:00.000Z' : '2026-12-31T06:00:00.000Z',
      ...(multiYear ? { multiYear } : {}),
    };
    contracts.push(
      ...contractDecider.decide(sign, contractDecider.initialState(), { now: new Date(T.contracted), actor: 'a' }),
    );
    const record: RecordContractSigned = {
      type: 'RecordContractSigned',
      tenderId: TENDER_ID,
      lotId: 'lot-1',
      contractId,
      buyingUnitId: unit,
    };
    tender = play(tender, record, T.contracted);
  }
  return [...tender, ...contracts];
}

describe('OCDS of a consolidated purchase with a multi-year contract', () => {
  const process = consolidatedAndSigned().reduce(
    (p, event, i) => applyToProcess(p, event, { releaseId: `r${i}`, previousReleaseId: null }),
    newProcess(TENDER_ID),
  );
  const release = renderRelease(
    process,
    { ocid: `ocds-test-${TENDER_ID}`, id: 'r', date: T.contracted, tags: ['contract'] },
    (id) => ({ id, name: id, identifier: { scheme: 'MX-RFC', id, legalName: id } }),
  );

  it('is valid OCDS 1.1.5', () => expect(validator.validateRelease(release).errors).toEqual([]));

  it('names the central unit buyer and procuring entity, each participating unit a buyer, one contract per unit', () => {
    const roles = Object.fromEntries(
      (release.parties as Array<{ id: string; roles: string[] }>).map((p) => [p.id, p.roles]),
    );
    expect(Object.entries(roles).filter(([, r]) => r.includes('buyer')).length).toBe(3);
    expect((release.tender as { procurementMethodDetails: string }).procurementMethodDetails).toContain(
      'compra consolidada',
    );
    const contracts = release.contracts as Array<{
      id: string;
      value: { amount: number };
      description: string;
      milestones?: Array<{ code: string; description: string }>;
    }>;
    const amounts = Object.fromEntries(contracts.map((c) => [c.id, c.value.amount]));
    expect(amounts).toEqual({ [`contract-${HOSPITAL}`]: 168_000, [`contract-${CLINIC}`]: 72_000 });
    expect(contracts.every((c) => c.description.includes('unidad participante'))).toBe(true);
  });

  it("shows a multi-year contract's years as financing milestones and in its description", () => {
    const hospital = (
      release.contracts as Array<{
        id: string;
        description: string;
        milestones: Array<{ type: string; code: string; description: string }>;
      }>
    ).find((c) => c.id === `contract-${HOSPITAL}`);
    if (!hospital) throw new Error('no contract of the hospital');
    expect(hospital.milestones.map((m) => [m.type, m.code])).toEqual([
      ['financing', '2026'],
      ['financing', '2027'],
    ]);
    expect(hospital.description).toContain(
      'Contrato plurianual (2026: 100000 MXN; 2027: 68000 MXN). Clave de cartera SHCP 2612GYR0001.',
    );
  });
});

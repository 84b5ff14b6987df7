import type {
  HistoricalContractImported,
  HistoricalProcedureImported,
  HistoricalProcedureType,
  HistoricalCategory,
} from '@licita/history';
import type { Money } from '@licita/shared';
import { toCurrencyUnits } from '../domain/amounts';
import type { OcdsRelease } from '../domain/compile-release';
import { buyingUnitPartyId, supplierPartyId } from './ocds-parties';

/**
 * OCDS releases of imported history (libs/history): each `HistoricalProcedureImported` event writes a `tender`
 * release and each `HistoricalContractImported` an `award`/`contract` release of the same `ocid` (the source's
 * when it had one, else Licita's prefix and the procedure id). Every release is a full snapshot of what is known
 * of the procedure then (as the platform's releases are), so compiling them gives the whole record.
 *
 * Dates: `release.date` and every date inside are the source's *business* dates (publication, award,
 * signature); only when the source gave none does `release.date` fall back to the import's recording time.
 * The recording time itself, the source file, row and what the import repaired are in `licitaImport`
 * (Licita's documented extension field at the release's root: the OCDS release schema allows fields it does
 * not define), and `tender.procurementMethodDetails` keeps the source's own wording of the procedure type.
 *
 * Parties: a buyer or supplier the import matched to the register is named by its register party id
 * (`buying-unit-<id>`, `supplier-<id>`, as the platform's releases name it); one not in the register by
 * `historical-party-<partyId>`, with the name (and unit key or RFC) the source gave.
 */
export type HistoricalProcess = {
  procedureId: string;
  ocid: string;
  /** The procedure event's data and its recording time. */
  procedure: HistoricalProcedureImported['data'];
  importedAt: string;
  contracts: Array<HistoricalContractImported['data'] & { importedAt: string }>;
  releaseCount: number;
};

export const HISTORICAL_OCDS_TYPES = ['HistoricalProcedureImported', 'HistoricalContractImported'] as const;

const METHOD: Record<HistoricalProcedureType, string> = {
  public_national: 'open',
  public_international: 'open',
  invitation: 'selective',
  direct_award: 'direct',
};

const CATEGORY: Record<HistoricalCategory, string> = {
  goods: 'goods',
  services: 'services',
  works: 'works',
  leasing: 'goods',
};

const SOURCE_NAME = { compranet: 'CompraNet', ocds: 'OCDS' } as const;

export const historicalOcid = (prefix: string, data: HistoricalProcedureImported['data']): string =>
  data.ocid ?? `${prefix}${data.procedureId}`;

/** The process after a procedure event (a re-import restates the procedure and keeps its contracts). */
export function historicalProcedure(
  current: HistoricalProcess | undefined,
  prefix: string,
  data: HistoricalProcedureImported['data'],
  importedAt: string,
): HistoricalProcess {
  return {
    procedureId: data.procedureId,
    ocid: current?.ocid ?? historicalOcid(prefix, data),
    procedure: data,
    importedAt,
    contracts: current?.contracts ?? [],
    releaseCount: current?.releaseCount ?? 0,
  };
}

export function historicalContract(
  current: HistoricalProcess,
  data: HistoricalContractImported['data'],
  importedAt: string,
): HistoricalProcess {
  return {
    ...current,
    contracts: [...current.contracts.filter((c) => c.contractId !== data.contractId), { ...data, importedAt }],
  };
}

/** The release a historical event writes: `tender` for the procedure, `award` and `contract` for a contract. */
export function renderHistoricalRelease(
  process: HistoricalProcess,
  trigger: { kind: 'procedure' } | { kind: 'contract'; contractId: string },
): OcdsRelease {
  const { procedure } = process;
  const contract =
    trigger.kind === 'contract' ? process.contracts.find((c) => c.contractId === trigger.contractId) : undefined;
  const date =
    (contract ? (contract.signedAt ?? procedure.awardedAt) : (procedure.publishedAt ?? procedure.awardedAt)) ??
    contract?.importedAt ??
    process.importedAt;
  const buyer = buyerReference(procedure);
  const release: OcdsRelease = {
    ocid: process.ocid,
    id: `${process.ocid}-${process.releaseCount + 1}`,
    date,
    tag: contract ? ['award', 'contract'] : ['tender'],
    initiationType: 'tender',
    language: 'es',
    parties: parties(process),
    buyer,
    tender: renderTender(process, buyer),
  };
  if (process.contracts.length > 0) {
    release.awards = process.contracts.map((c) => renderAward(c, procedure));
    release.contracts = process.contracts.map(renderContract);
  }
  release.licitaImport = {
    description: `Registro histórico importado de ${SOURCE_NAME[procedure.source.kind]}: Licita no presenció este procedimiento.`,
    source: procedure.source.kind,
    fileName: (contract ?? procedure).source.fileName,
    fileSha256: (contract ?? procedure).source.fileSha256,
    row: (contract ?? procedure).source.row,
    rowKey: (contract ?? procedure).source.rowKey,
    importId: (contract ?? procedure).source.importId,
    recordedAt: contract?.importedAt ?? process.importedAt,
    repairs: [...procedure.repairs, ...(contract?.repairs ?? [])],
  };
  return release;
}

function renderTender(process: HistoricalProcess, buyer: Reference): Record<string, unknown> {
  const { procedure } = process;
  const tender: Record<string, unknown> = {
    id: procedure.number ?? procedure.procedureId,
    title: procedure.title,
    status: 'complete',
    procuringEntity: buyer,
    procurementMethod: METHOD[procedure.procedureType],
    procurementMethodDetails: procedure.procedureTypeOriginal,
  };
  if (procedure.description) tender.description = procedure.description;
  if (procedure.category) tender.mainProcurementCategory = CATEGORY[procedure.category];
  if (procedure.publishedAt || procedure.openingAt)
    tender.tenderPeriod = {
      ...(procedure.publishedAt ? { startDate: procedure.publishedAt } : {}),
      ...(procedure.openingAt ? { endDate: procedure.openingAt } : {}),
    };
  return tender;
}

function renderAward(
  contract: HistoricalContractImported['data'],
  procedure: HistoricalProcedureImported['data'],
): Record<string, unknown> {
  const date = procedure.awardedAt ?? contract.signedAt;
  return {
    id: awardId(contract.contractId),
    title: contract.title,
    status: 'active',
    ...(date ? { date } : {}),
    value: value(contract.value),
    suppliers: [supplierReference(contract)],
  };
}

function renderContract(contract: HistoricalContractImported['data']): Record<string, unknown> {
  return {
    id: contract.contractId,
    awardID: awardId(contract.contractId),
    title: contract.title,
    ...(contract.code ? { description: `Código del contrato en el origen: ${contract.code}` } : {}),
    status: contractStatus(contract.status),
    value: value(contract.value),
    ...(contract.startDate || contract.endDate
      ? {
          period: {
            ...(contract.startDate ? { startDate: contract.startDate } : {}),
            ...(contract.endDate ? { endDate: contract.endDate } : {}),
          },
        }
      : {}),
    ...(contract.signedAt ? { dateSigned: contract.signedAt } : {}),
  };
}

/** The source's wording in OCDS's contract status codelist: finished contracts are `terminated`. */
function contractStatus(status: string | null): string {
  const text = (status ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (/termin|rescind|expir|conclu|cumpl|complet|cerrad/.test(text)) return 'terminated';
  if (/cancel/.test(text)) return 'cancelled';
  return 'active';
}

type Reference = { id: string; name: string };

const awardId = (contractId: string) => `award-${contractId}`;

const buyerReference = (procedure: HistoricalProcedureImported['data']): Reference => ({
  id: procedure.buyer.registeredId
    ? buyingUnitPartyId(procedure.buyer.registeredId)
    : historicalPartyId(procedure.buyer.partyId),
  name: procedure.buyer.name,
});

const supplierReference = (contract: HistoricalContractImported['data']): Reference => ({
  id: contract.supplier.registeredId
    ? supplierPartyId(contract.supplier.registeredId)
    : historicalPartyId(contract.supplier.partyId),
  name: contract.supplier.name,
});

export const historicalPartyId = (partyId: string) => `historical-party-${partyId}`;

function parties(process: HistoricalProcess): Array<Record<string, unknown>> {
  const { buyer } = process.procedure;
  const list: Array<Record<string, unknown>> = [
    {
      ...buyerReference(process.procedure),
      ...(buyer.code ? { identifier: { scheme: 'MX-UC', id: buyer.code, legalName: buyer.name } } : {}),
      roles: ['buyer', 'procuringEntity'],
    },
  ];
  const seen = new Set<string>();
  for (const contract of process.contracts) {
    const reference = supplierReference(contract);
    if (seen.has(reference.id)) continue;
    seen.add(reference.id);
    const { rfc, name } = contract.supplier;
    list.push({
      ...reference,
      ...(rfc ? { identifier: { scheme: 'MX-RFC', id: rfc, legalName: name } } : {}),
      roles: ['supplier'],
    });
  }
  return list;
}

const value = (money: Money) => ({ amount: toCurrencyUnits(money.amount, money.currency), currency: money.currency });

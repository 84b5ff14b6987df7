import type { Money } from '@licita/shared';
import type {
  AwardCriterion,
  DocumentRef,
  MultiYearTerms,
  OpenContractTerms,
  ProcedureType,
  ProcurementCategory,
  TenderContent,
  TenderItem,
} from '@licita/tendering';
import { toCurrencyUnits } from '../domain/amounts';
import { renderImplementation } from './ocds-implementation';
import type { OcdsRelease } from '../domain/compile-release';
import { buyingUnitPartyId, supplierPartyId, type OcdsParty } from './ocds-parties';
import {
  isLive,
  ocdsTenderStatus,
  type AwardFacts,
  type ContractFacts,
  type OcdsAmendment,
  type OcdsProcess,
} from './ocds-process';

/**
 * Renders one OCDS 1.1 release of a process: the whole process as it stands (every release is a full snapshot,
 * so compiling keeps nothing stale by accident), with the bid, lots and auction extensions. Texts for people
 * are in Spanish (`language: "es"`). Amounts go through `toCurrencyUnits` (integer centavos → exact decimal).
 */
export type ReleaseMeta = { ocid: string; id: string; date: string; tags: string[] };
/** The register's view of a party, or `undefined` if the register never recorded it. */
export type PartyLookup = (partyId: string) => OcdsParty | undefined;

const METHOD: Record<ProcedureType, { method: string; details: string }> = {
  public_national: { method: 'open', details: 'Licitación pública nacional' },
  public_international: { method: 'open', details: 'Licitación pública internacional' },
  invitation: { method: 'selective', details: 'Invitación a cuando menos tres personas' },
  direct_award: { method: 'direct', details: 'Adjudicación directa' },
};

/** OCDS has goods, works and services; leasing of goods is a supply (goods), as in EU procurement law. */
const CATEGORY: Record<ProcurementCategory, string> = {
  goods: 'goods',
  services: 'services',
  works: 'works',
  leasing: 'goods',
};

const AWARD_BASIS: Record<AwardFacts['basis'], string> = {
  evaluation: 'Fallo con base en la evaluación de las proposiciones',
  auction: 'Fallo con base en el resultado de la subasta inversa',
  direct_award: 'Adjudicación directa',
};

const CLOSING: Record<NonNullable<ContractFacts['closing']>['outcome'], { title: string; status: string }> = {
  completed: { title: 'Contrato cumplido', status: 'met' },
  early_termination: { title: 'Terminación anticipada (LAASSP art. 54 Bis)', status: 'notMet' },
  rescission: { title: 'Rescisión administrativa (LAASSP art. 54)', status: 'notMet' },
};

export function renderRelease(process: OcdsProcess, meta: ReleaseMeta, parties: PartyLookup): OcdsRelease {
  const content = process.content as TenderContent;
  const buyer = reference(buyingUnitPartyId(content.buyingUnitId), parties);
  const release: OcdsRelease = {
    ocid: meta.ocid,
    id: meta.id,
    date: meta.date,
    tag: meta.tags,
    initiationType: 'tender',
    language: 'es',
    parties: renderParties(process, parties),
    buyer,
    tender: renderTender(process, buyer, parties),
  };
  const bids = renderBids(process, parties);
  if (bids) release.bids = bids;
  if (process.awards.length > 0) release.awards = process.awards.map((award) => renderAward(award, content, parties));
  if (process.contracts.length > 0)
    release.contracts = process.contracts.map((contract) => renderContract(contract, content, parties));
  return release;
}

function renderTender(process: OcdsProcess, buyer: Reference, parties: PartyLookup): Record<string, unknown> {
  const content = process.content as TenderContent;
  const competitive = content.schedule !== null;
  const method = METHOD[content.procedureType];
  const tender: Record<string, unknown> = {
    // The procedure number (free text in OCDS), assigned before the first public release; the ocid keeps the UUID.
    id: process.number ?? process.tenderId,
    title: content.title,
    description: content.description,
    status: ocdsTenderStatus(process.status),
    procuringEntity: buyer,
    items: content.lots.flatMap((lot) => lot.items.map((item) => renderItem(item, content.currency, lot.lotId))),
    value: value(content.estimatedTotal),
    procurementMethod: method.method,
    // A practice tender says its factor as ProZorro's sandbox does (`quick, accelerator=1440`).
    procurementMethodDetails: [
      method.details,
      content.consolidation && 'compra consolidada (LAASSP art. 17)',
      content.timeAcceleration !== undefined && `accelerator=${content.timeAcceleration}`,
    ]
      .filter(Boolean)
      .join(', '),
    mainProcurementCategory: CATEGORY[content.category],
    awardCriteria: content.awardCriterion.type === 'lowest_price' ? 'priceOnly' : 'ratedCriteria',
    awardCriteriaDetails: awardCriteriaDetails(content.awardCriterion),
    lots: content.lots.map((lot) => ({
      id: lot.lotId,
      title: lot.title,
      status: process.lots[lot.lotId] ?? 'active',
      value: value(lot.estimatedValue),
    })),
  };
  if (content.directAward)
    tender.procurementMethodRationale = `${content.directAward.justification.article}: ${content.directAward.justification.text}`;
  const submissionDetails = [
    process.submissionPeriod && legalPeriodText(process.submissionPeriod),
    content.periodReduction && `Plazo reducido (LAASSP art. 32): ${content.periodReduction.justification}`,
  ].filter(Boolean);
  if (submissionDetails.length > 0) tender.submissionMethodDetails = submissionDetails.join(' ');
  if (competitive && content.schedule) {
    const { schedule } = content;
    const publishedAt = process.publishedAt ?? schedule.publicationDate;
    tender.submissionMethod = content.reverseAuction
      ? ['electronicSubmission', 'electronicAuction']
      : ['electronicSubmission'];
    tender.tenderPeriod = { startDate: publishedAt, endDate: schedule.submissionDeadline };
    tender.enquiryPeriod = { startDate: publishedAt, endDate: schedule.questionsDeadline };
    tender.awardPeriod = { startDate: schedule.openingDate, endDate: schedule.awardDate };
    tender.hasEnquiries = process.questionsAsked > 0;
  }
  if (process.opening) {
    const tenderers = [...new Set(process.opening.bids.map((bid) => bid.supplierId))];
    tender.numberOfTenderers = tenderers.length;
    tender.tenderers = tenderers.map((supplierId) => reference(supplierPartyId(supplierId), parties));
  }
  const documents = [
    ...content.documents.map((doc) => renderDocument(doc)),
    ...(process.clarificationDocuments ?? []).map(renderDocument),
  ];
  if (documents.length > 0) tender.documents = documents;
  if (process.amendments.length > 0) tender.amendments = process.amendments.map(renderAmendment);
  if (process.auctions.length > 0) {
    tender.auctions = process.auctions.map((auction) => ({
      id: auction.auctionId,
      url: `/api/auctions/${auction.auctionId}`,
      period: { startDate: auction.startsAt, endDate: auction.endsAt },
      ...(auction.minimalStep ? { minimalStep: value(auction.minimalStep) } : {}),
      relatedLots: [auction.lotId],
    }));
  }
  return tender;
}

/**
 * Before the opening act: at most the number of live proposals. From it on: every proposal per lot, with its
 * bidder, amount and evaluation status, and counts per lot.
 */
function renderBids(process: OcdsProcess, parties: PartyLookup): Record<string, unknown> | null {
  if (!process.opening) {
    const count = process.liveProposalIds.length;
    return count > 0 ? { statistics: [{ id: 'bids', measure: 'bids', value: count }] } : null;
  }
  const { bids } = process.opening;
  const lotIds = (process.content as TenderContent).lots.map((lot) => lot.lotId);
  const offersFor = (lotId: string) => bids.filter((bid) => bid.offers.some((offer) => offer.lotId === lotId));
  // New statistics go last, so that compiling the releases keeps the order the latest release has.
  const statistics: Array<Record<string, unknown>> = [
    { id: 'bids', measure: 'bids', value: bids.length },
    ...lotIds.map((lotId) => ({
      id: `bids-${lotId}`,
      measure: 'bids',
      value: offersFor(lotId).length,
      relatedLot: lotId,
    })),
  ];
  if (process.evaluationCompleted) {
    for (const lotId of lotIds) {
      const valid = offersFor(lotId).filter((bid) => process.evaluations[`${bid.proposalId}|${lotId}`] === true).length;
      statistics.push({ id: `validBids-${lotId}`, measure: 'validBids', value: valid, relatedLot: lotId });
    }
  }
  const details = bids.flatMap((bid) =>
    bid.offers.map((offer) => {
      const compliant = process.evaluations[`${bid.proposalId}|${offer.lotId}`];
      return {
        id: bidId(bid.proposalId, offer.lotId),
        date: bid.submittedAt,
        status: compliant === undefined ? 'pending' : compliant ? 'valid' : 'disqualified',
        tenderers: [reference(supplierPartyId(bid.supplierId), parties)],
        ...(offer.amount ? { value: value(offer.amount) } : {}),
        relatedLots: [offer.lotId],
      };
    }),
  );
  return { statistics, details };
}

function renderAward(award: AwardFacts, content: TenderContent, parties: PartyLookup): Record<string, unknown> {
  const lot = content.lots.find((l) => l.lotId === award.lotId);
  const rendered: Record<string, unknown> = {
    id: award.id,
    title: `Lote ${award.lotId}: ${lot?.title ?? ''}`.trim(),
    description: AWARD_BASIS[award.basis],
    status: award.status,
    date: award.date,
    value: value(award.amount),
    suppliers: [reference(supplierPartyId(award.supplierId), parties)],
    relatedLots: [award.lotId],
  };
  if (lot) rendered.items = lot.items.map((item) => renderItem(item, content.currency));
  if (award.proposalId) rendered.relatedBid = bidId(award.proposalId, award.lotId);
  return rendered;
}

/** A document by its metadata and hash; `documentType` and `datePublished` when a step published it. */
function renderDocument(doc: DocumentRef & { documentType?: string; datePublished?: string }): Record<string, unknown> {
  return {
    id: doc.documentId,
    ...(doc.documentType ? { documentType: doc.documentType } : {}),
    title: doc.title,
    description: `${doc.fileName}; SHA-256 ${doc.sha256}`,
    format: doc.mediaType,
    language: 'es',
    ...(doc.datePublished ? { datePublished: doc.datePublished } : {}),
  };
}

function renderContract(
  contract: ContractFacts,
  content: TenderContent,
  parties: PartyLookup,
): Record<string, unknown> {
  const tenderItems = new Map(content.lots.flatMap((lot) => lot.items).map((item) => [item.itemId, item]));
  const rendered: Record<string, unknown> = {
    id: contract.contractId,
    awardID: contract.awardId,
    title: `Contrato del lote ${contract.lotId}`,
    status: contract.status,
    value: value(contract.amount),
    dateSigned: contract.dateSigned,
  };
  const open = content.lots.find((lot) => lot.lotId === contract.lotId)?.openContract;
  const description = [
    open && openContractDescription(open),
    contract.buyingUnitId && consolidatedContractDescription(contract.buyingUnitId, parties),
    contract.multiYear && multiYearDescription(contract.multiYear, contract.amount.currency),
  ].filter(Boolean);
  if (description.length > 0) rendered.description = description.join(' ');
  if (contract.period) rendered.period = { startDate: contract.period.startDate, endDate: contract.period.endDate };
  if (contract.items) {
    rendered.items = contract.items.map((item) => {
      const code = tenderItems.get(item.itemId)?.classifierCode;
      return {
        id: item.itemId,
        description: item.description,
        ...(code ? { classification: classification(code) } : {}),
        quantity: item.quantity,
        unit: { name: item.unit },
      };
    });
  }
  if (contract.amendments.length > 0) rendered.amendments = contract.amendments.map(renderAmendment);
  if (contract.documents?.length) rendered.documents = contract.documents.map(renderDocument);
  if (contract.implementation)
    rendered.implementation = renderImplementation(
      contract.implementation,
      (partyId) => reference(partyId, parties),
      renderDocument,
    );
  const milestones = [...fiscalYearMilestones(contract)];
  if (contract.closing) {
    const { title, status } = CLOSING[contract.closing.outcome];
    milestones.push({
      id: 'closing',
      title,
      type: 'delivery',
      status,
      dateMet: contract.closing.at,
      ...(contract.closing.reason ? { description: contract.closing.reason } : {}),
    });
  }
  if (milestones.length > 0) rendered.milestones = milestones;
  return rendered;
}

/**
 * A multi-year contract's fiscal years (OCDS 1.1.5 has no amount per year on a contract; a milestone has no
 * value): one `financing` milestone per year, due at its end in Mexico City, its amount in the description as
 * in the contract's; the contract's `period` spans them.
 */
function fiscalYearMilestones({ multiYear, amount }: ContractFacts): Array<Record<string, unknown>> {
  return (multiYear?.fiscalYears ?? []).map(({ fiscalYear, amount: share }) => ({
    id: `fiscal-year-${fiscalYear}`,
    title: `Ejercicio fiscal ${fiscalYear}`,
    type: 'financing',
    code: `${fiscalYear}`,
    dueDate: `${fiscalYear}-12-31T23:59:59-06:00`,
    description: `Monto del ejercicio ${fiscalYear}: ${toCurrencyUnits(share, amount.currency)} ${amount.currency}.`,
    status: 'scheduled',
  }));
}

function multiYearDescription({ fiscalYears, portfolioKey }: MultiYearTerms, currency: string): string {
  const years = fiscalYears.map((y) => `${y.fiscalYear}: ${toCurrencyUnits(y.amount, currency)} ${currency}`);
  const key = portfolioKey ? ` Clave de cartera SHCP ${portfolioKey}.` : '';
  return `Contrato plurianual (${years.join('; ')}).${key}`;
}

function consolidatedContractDescription(buyingUnitId: string, parties: PartyLookup): string {
  const unit = reference(buyingUnitPartyId(buyingUnitId), parties);
  return `Contrato de ${unit.name ?? unit.id}, unidad participante de la compra consolidada.`;
}

/** Buyer and procuring entity (the buying unit), tenderers from the opening act, suppliers of live awards. */
function renderParties(process: OcdsProcess, parties: PartyLookup): Array<Record<string, unknown>> {
  const roles = new Map<string, Set<string>>();
  const add = (partyId: string, role: string) => roles.set(partyId, (roles.get(partyId) ?? new Set()).add(role));
  add(buyingUnitPartyId((process.content as TenderContent).buyingUnitId), 'buyer');
  add(buyingUnitPartyId((process.content as TenderContent).buyingUnitId), 'procuringEntity');
  // A consolidated purchase: each participating unit pays from its own budget, which OCDS calls a buyer.
  for (const participant of (process.content as TenderContent).consolidation?.participants ?? [])
    add(buyingUnitPartyId(participant.buyingUnitId), 'buyer');
  for (const bid of process.opening?.bids ?? []) add(supplierPartyId(bid.supplierId), 'tenderer');
  for (const award of process.awards.filter(isLive)) add(supplierPartyId(award.supplierId), 'supplier');
  // The supplier of a cancelled award keeps its other roles (or none), and stays listed: its award names it.
  for (const award of process.awards)
    if (!roles.has(supplierPartyId(award.supplierId))) roles.set(supplierPartyId(award.supplierId), new Set());
  return [...roles].map(([partyId, partyRoles]) => ({
    ...(parties(partyId) ?? { id: partyId }),
    roles: [...partyRoles],
  }));
}

/** Written field by field: the facts come back from `jsonb`, which does not keep the order of keys. */
const renderAmendment = ({ id, date, rationale, description, amendsReleaseID, releaseID }: OcdsAmendment) => ({
  id,
  date,
  rationale,
  description,
  amendsReleaseID,
  releaseID,
});

type Reference = { id: string; name?: string };

const reference = (partyId: string, parties: PartyLookup): Reference => {
  const name = parties(partyId)?.name;
  return name ? { id: partyId, name } : { id: partyId };
};

function renderItem(item: TenderItem, currency: string, relatedLot?: string): Record<string, unknown> {
  return {
    id: item.itemId,
    description: item.description,
    classification: classification(item.classifierCode),
    quantity: item.quantity,
    unit: { name: item.unit, value: value({ amount: item.estimatedUnitPrice, currency }) },
    ...(relatedLot ? { relatedLot } : {}),
  };
}

/** CPV codes are `8 digits-check digit`; the other scheme Licita imports is Mexico's CUCoP (OCDS code `CUCOP`). */
const classification = (code: string) => ({ scheme: /^\d{8}-\d$/.test(code) ? 'CPV' : 'CUCOP', id: code });

/**
 * OCDS has no field for an open contract (LAASSP art. 47), whose value may be 0: the contract's description
 * says so, with its bounds, so a reader does not take 0 for a missing amount.
 */
function openContractDescription({ minimum, maximum }: OpenContractTerms): string {
  const bound = (label: string, money: Money | null) =>
    money ? [`${label} ${toCurrencyUnits(money.amount, money.currency)} ${money.currency}`] : [];
  const bounds = [...bound('mínimo', minimum), ...bound('máximo', maximum)];
  return `Contrato abierto (LAASSP art. 47)${bounds.length ? `: ${bounds.join(', ')}` : ''}.`;
}

const value = (money: Money) => ({ amount: toCurrencyUnits(money.amount, money.currency), currency: money.currency });

export const bidId = (proposalId: string, lotId: string) => `${proposalId}-${lotId}`;

function awardCriteriaDetails(criterion: AwardCriterion): string {
  if (criterion.type === 'lowest_price')
    return 'Criterio binario: se adjudica a la proposición solvente de precio más bajo (LAASSP art. 36)';
  return `Puntos y porcentajes (LAASSP art. 36): técnico ${criterion.technicalWeight} %, económico ${criterion.economicWeight} %`;
}

/**
 * The legal rule of the submission period in `tender.submissionMethodDetails` (free text in OCDS 1.1):
 * `Plazo mínimo: 15 días naturales (LAASSP art. 32 (DOF 28-05-2009), versión LAASSP-2009), contados en días
 * naturales de la Ciudad de México; referencia sin verificar contra el DOF.`
 */
export function legalPeriodText(rule: NonNullable<OcdsProcess['submissionPeriod']>): string {
  const applied =
    rule.appliedMinimumDays > rule.minimumDays ? `; la política de la plataforma exige ${rule.appliedMinimumDays}` : '';
  return (
    `Plazo mínimo: ${rule.minimumDays} días naturales${rule.reduced ? ', reducido con justificación' : ''} ` +
    `(${rule.reference}, versión ${rule.version})${applied}, contados en días naturales de la Ciudad de México; ` +
    `referencia ${rule.verified ? 'verificada' : 'sin verificar'} contra el DOF.`
  );
}

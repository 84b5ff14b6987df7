import type {} from 'pdfkit';
import {
  ACT_TITLES,
  type Act,
  type ActProcedure,
  type ActSupplier,
  type AuctionResultAct,
  type OpeningAct,
  type RulingAct,
} from './act.types';
import { formatInstant, formatMoney, formatPesos } from './pesos';

type Doc = PDFKit.PDFDocument;

const PROCEDURE_TYPES: Record<string, string> = {
  public_national: 'Licitación pública nacional',
  public_international: 'Licitación pública internacional',
  invitation: 'Invitación a cuando menos tres personas',
  direct_award: 'Adjudicación directa',
};
const AWARD_BASES: Record<string, string> = {
  evaluation: 'resultado de la evaluación',
  auction: 'resultado de la subasta inversa',
  direct_award: 'adjudicación directa',
};
const DESERTION_REASONS: Record<string, string> = {
  no_proposals: 'no se recibieron proposiciones',
  no_compliant_proposal: 'ninguna proposición cumplió los requisitos',
  no_eligible_supplier: 'ningún licitante solvente podía ser adjudicado',
  award_annulled: 'la adjudicación fue anulada',
};

/**
 * The act as a PDF, in Spanish (Mexico), with the standard Helvetica fonts only (nothing embedded that could
 * differ between machines) and its dates taken from the act's event: the same act always gives the same bytes,
 * so its signature (deterministic too) and its ETag are stable.
 */
export async function renderAct(act: Act): Promise<Buffer> {
  // pdfkit (with its font metrics) is loaded on the first act rendered, not at every start of the API.
  const { default: PDFDocument } = await import('pdfkit');
  const occurredAt = new Date(act.event.occurredAt);
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 56,
    info: {
      Title: ACT_TITLES[act.kind].title,
      Author: 'Licita',
      Creator: 'Licita',
      Producer: 'Licita',
      CreationDate: occurredAt,
      ModDate: occurredAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(15).text(ACT_TITLES[act.kind].title, { align: 'center' }).moveDown();
  BODIES[act.kind](doc, act as never);
  footer(doc, act);
  doc.end();
  return done;
}

const BODIES: { [K in Act['kind']]: (doc: Doc, act: Extract<Act, { kind: K }>) => void } = {
  opening: openingBody,
  ruling: rulingBody,
  auction_result: auctionResultBody,
};

function openingBody(doc: Doc, act: OpeningAct): void {
  procedure(doc, act.procedure);
  field(doc, 'Fecha y hora de apertura', formatInstant(act.event.occurredAt));
  field(doc, 'Proposiciones abiertas', String(act.proposals.length));
  const sealed = act.proposals.some((p) => p.lots.some((lot) => lot.amount === null));
  if (sealed)
    note(
      doc,
      'Los montos de las partidas que se resolverán por subasta inversa permanecen reservados hasta el cierre de la subasta, para preservar el anonimato de los participantes.',
    );
  heading(doc, 'Proposiciones');
  act.proposals.forEach((proposal, index) => {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${index + 1}. ${supplierLine(proposal.supplier)}`);
    field(doc, 'Proposición', proposal.proposalId);
    field(doc, 'Presentada', formatInstant(proposal.submittedAt));
    field(doc, 'Compromiso (SHA-256)', proposal.commitment);
    for (const lot of proposal.lots)
      field(
        doc,
        `Partida ${lotName(act.procedure, lot.lotId)}`,
        lot.amount === null ? 'reservado hasta el cierre de la subasta' : formatMoney(lot.amount),
      );
    doc.moveDown(0.5);
  });
}

function rulingBody(doc: Doc, act: RulingAct): void {
  procedure(doc, act.procedure);
  field(doc, 'Fecha y hora del fallo', formatInstant(act.event.occurredAt));
  heading(doc, 'Resultado por partida');
  for (const lot of act.lots) {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`Partida ${lotName(act.procedure, lot.lotId)}`);
    if (lot.award) {
      field(doc, 'Adjudicada a', supplierLine(lot.award.supplier));
      field(doc, 'Monto adjudicado', formatMoney(lot.award.amount));
      field(
        doc,
        'Motivo',
        `Proposición solvente más conveniente según el ${AWARD_BASES[lot.award.basis] ?? lot.award.basis}`,
      );
      field(doc, 'Fecha de adjudicación', formatInstant(lot.award.awardedAt));
      if (lot.award.objectionPeriodEndsAt)
        field(doc, 'Plazo de inconformidad hasta', formatInstant(lot.award.objectionPeriodEndsAt));
    } else {
      field(doc, 'Desierta', DESERTION_REASONS[lot.desertionReason ?? ''] ?? lot.desertionReason ?? 'sin resolver');
    }
    for (const rejected of lot.nonCompliant)
      field(
        doc,
        `Desechada: ${supplierLine(rejected.supplier)}`,
        rejected.reasons.join('; ') || 'sin motivo expresado',
      );
    doc.moveDown(0.5);
  }
}

function auctionResultBody(doc: Doc, act: AuctionResultAct): void {
  if (act.procedure) procedure(doc, act.procedure);
  field(doc, 'Subasta', act.auctionId);
  field(doc, 'Partida', act.procedure ? lotName(act.procedure, act.lotId) : act.lotId);
  field(doc, 'Fin de la subasta', formatInstant(act.endsAt));
  field(doc, 'Cierre registrado', formatInstant(act.event.occurredAt));
  const money = (amount: number) => formatMoney({ amount, currency: act.currency });
  field(
    doc,
    'Ahorro sobre la mejor oferta inicial',
    `${money(act.savings.amount)} (${formatPesos(act.savings.basisPoints).slice(1)} %)`,
  );
  heading(doc, 'Clasificación final');
  for (const line of act.ranking) {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${line.rank}. ${line.label}: ${supplierLine(line.supplier)}`);
    field(doc, 'Precio final', money(line.finalPrice));
    field(doc, 'Precio inicial', money(line.openingPrice));
    field(doc, 'Pujas', String(line.bids));
    doc.moveDown(0.3);
  }
}

function procedure(doc: Doc, procedure: ActProcedure): void {
  field(doc, 'Número de procedimiento', procedure.tenderId);
  field(doc, 'Objeto', procedure.title);
  field(doc, 'Tipo de procedimiento', PROCEDURE_TYPES[procedure.procedureType] ?? procedure.procedureType);
  field(doc, 'Unidad compradora', procedure.buyingUnit);
}

function footer(doc: Doc, act: Act): void {
  doc.moveDown();
  note(
    doc,
    `Evento en la bitácora pública de Licita: posición ${act.event.position}, ${formatInstant(act.event.occurredAt)}. ` +
      'Este documento está firmado electrónicamente por la plataforma; su firma puede verificarse en /api/acts/verify o con cualquier lector de PDF.',
  );
}

function heading(doc: Doc, text: string): void {
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text(text).moveDown(0.3);
}

function field(doc: Doc, label: string, value: string): void {
  doc.font('Helvetica-Bold').fontSize(10).text(`${label}: `, { continued: true }).font('Helvetica').text(value);
}

function note(doc: Doc, text: string): void {
  doc.font('Helvetica-Oblique').fontSize(9).text(text).moveDown(0.5);
}

const supplierLine = (supplier: ActSupplier): string =>
  supplier.rfc ? `${supplier.name} (RFC ${supplier.rfc})` : supplier.name;

const lotName = (procedure: ActProcedure, lotId: string): string => {
  const title = procedure.lots.find((lot) => lot.lotId === lotId)?.title;
  return title ? `${lotId} (${title})` : lotId;
};

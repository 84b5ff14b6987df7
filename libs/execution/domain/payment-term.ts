import { addCalendarDays, mexicoCityDate, type IsoDateTime, type LegalReference } from '@licita/tendering';

/**
 * The legal payment term, counted in calendar days on Mexico City's calendar the way the submission periods are
 * (libs/tendering/domain/legal-calendar.ts): the day that starts it is not counted, the last day is. A payment
 * made on the due date's Mexico City date or before is on time.
 *
 * LAASSP art. 51, first paragraph (reform DOF 28-05-2009, in force until the 2025 law): "La fecha de pago al
 * proveedor que se estipule en los contratos quedará sujeta a las condiciones que establezcan las mismas; sin
 * embargo, no podrá exceder de veinte días naturales contados a partir de la entrega de la factura respectiva,
 * previa entrega de los bienes o prestación de los servicios en los términos del contrato."
 * The law counts from the invoice's delivery; issue #22 (and the practice of RLAASSP art. 90, where the unit
 * reviews the CFDI and returns a defective one) counts from its acceptance, so the term starts at `InvoiceAccepted`.
 */
export const PAYMENT_TERM_DAYS = 20;

export const PAYMENT_TERM_REFERENCE: LegalReference = {
  citation: 'LAASSP art. 51',
  dof: '2009-05-28',
  verified: false,
  note: 'quoted from memory of the 2009 reform; not read against the DOF text in this session (no source available here)',
};

/**
 * LAASSP art. 53: conventional penalties for late delivery "no excederán del monto de la garantía de cumplimiento
 * del contrato"; the contract states their cap (`SetPenaltyCap`) and a recorded guarantee caps them too.
 */
export const PENALTY_CAP_REFERENCE: LegalReference = {
  citation: 'LAASSP art. 53',
  dof: '2009-05-28',
  verified: false,
  note: 'not read against the DOF text in this session',
};

/** The last Mexico City date on which an invoice accepted at `acceptedAt` is paid on time. */
export const paymentDueDate = (acceptedAt: IsoDateTime): string =>
  addCalendarDays(mexicoCityDate(acceptedAt), PAYMENT_TERM_DAYS);

/** Whole days from `dueDate` to the Mexico City date of `instant` (positive: late). */
export function daysAfter(dueDate: string, instant: IsoDateTime): number {
  const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
  return day(mexicoCityDate(instant)) - day(dueDate);
}

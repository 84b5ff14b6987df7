/** English for a contract's execution (pages/contract-execution.tsx; spread into EN by en.ts). */
export const EXECUTION_EN: Record<string, string> = {
  'Entrega {id} atrasada {n} día (vencía el {due}).': 'Delivery {id} {n} day late (due on {due}).',
  'Entrega {id} atrasada {n} días (vencía el {due}).': 'Delivery {id} {n} days late (due on {due}).',
  'Entrega {id} faltante: venció hace {n} día y faltan {pending}.':
    'Delivery {id} missing: due {n} day ago, {pending} still to deliver.',
  'Entrega {id} faltante: venció hace {n} días y faltan {pending}.':
    'Delivery {id} missing: due {n} days ago, {pending} still to deliver.',
  'Factura {id} pagada {n} día después del plazo legal de {term} días naturales (LAASSP art. 51).':
    'Invoice {id} paid {n} day after the legal term of {term} calendar days (LAASSP art. 51).',
  'Factura {id} pagada {n} días después del plazo legal de {term} días naturales (LAASSP art. 51).':
    'Invoice {id} paid {n} days after the legal term of {term} calendar days (LAASSP art. 51).',
  'Factura {id} sin pagar {n} día después del plazo legal de {term} días naturales (LAASSP art. 51).':
    'Invoice {id} unpaid {n} day after the legal term of {term} calendar days (LAASSP art. 51).',
  'Factura {id} sin pagar {n} días después del plazo legal de {term} días naturales (LAASSP art. 51).':
    'Invoice {id} unpaid {n} days after the legal term of {term} calendar days (LAASSP art. 51).',
  'Ejecución del contrato {id}': 'Execution of contract {id}',
  'Sin entregas programadas todavía.': 'No deliveries scheduled yet.',
  Entrega: 'Delivery',
  Lugar: 'Place',
  Vence: 'Due',
  Recibido: 'Received',
  Facturado: 'Invoiced',
  Pagado: 'Paid',
  'Penas convencionales': 'Conventional penalties',
  'Pago de la factura {invoice}': 'Payment of invoice {invoice}',
  'Aceptar la factura {folio}': 'Accept invoice {folio}',
  'Programar la entrega': 'Schedule the delivery',
  'Cantidad a entregar': 'Quantity to deliver',
  'Lugar de entrega': 'Place of delivery',
  'Fecha límite de entrega': 'Delivery due date',
  'Registrar la recepción': 'Record the receipt',
  'Entrega recibida': 'Delivery received',
  'Cantidad recibida': 'Quantity received',
  Resultado: 'Outcome',
  Aceptada: 'Accepted',
  Rechazada: 'Rejected',
  'Motivo del rechazo': 'Reason for rejection',
  'Registrar el pago': 'Record the payment',
  'Factura pagada': 'Invoice paid',
  'Monto pagado (MXN)': 'Amount paid (MXN)',
  'Registrar la factura': 'Register the invoice',
  'Folio fiscal (UUID) del CFDI': 'CFDI folio fiscal (UUID)',
  'Serie y folio': 'Series and folio',
  'Total de la factura (MXN)': 'Invoice total (MXN)',
  'Fecha de emisión': 'Issue date',
};

/** English for consolidated purchases and multi-year contracts on the procedure page (pages/tender.tsx) and the buyer desk (components/multi-year.tsx; spread into EN by en.ts). */
export const CONSOLIDATION_EN: Record<string, string> = {
  'Compra consolidada': 'Consolidated purchase',
  'Compra consolidada (LAASSP art. 17)': 'Consolidated purchase (LAASSP art. 17)',
  'El área compradora adquiere para las unidades siguientes; cada una firma su propio contrato con el proveedor adjudicado.':
    'The buying unit purchases for the units below; each signs its own contract with the awarded supplier.',
  'Unidad participante': 'Participating unit',
  Requisición: 'Request',
  Cantidades: 'Quantities',
  'Monto comprometido': 'Committed amount',
  'Contrato de {unit}': 'Contract of {unit}',
  'Contrato plurianual': 'Multi-year contract',
  'Compra consolidada o plurianual': 'Consolidated or multi-year',
  'Ejercicio {year}': 'Fiscal year {year}',
  'Clave de cartera SHCP {key}': 'SHCP portfolio key {key}',
  'Plurianual (montos por ejercicio no publicados en la fuente)':
    'Multi-year (amounts per fiscal year not published by the source)',
  // The buyer desk's multi-year fields (components/multi-year.tsx) on the contract's signing and amendment forms.
  'Ejercicio fiscal {n}': 'Fiscal year {n}',
  'Monto del ejercicio {n} ({currency})': 'Amount of fiscal year {n} ({currency})',
  'Agregar ejercicio': 'Add a fiscal year',
  'Quitar el último ejercicio': 'Remove the last fiscal year',
  'Clave de cartera SHCP': 'SHCP portfolio key',
  'Si el proyecto tiene una (letras, dígitos y guiones).': 'If the project has one (letters, digits and hyphens).',
  'Suma de los ejercicios: {sum}': 'Sum of the fiscal years: {sum}',
  'Suma de los ejercicios: {sum} de {amount}': 'Sum of the fiscal years: {sum} of {amount}',
  'la suma debe ser igual al monto del contrato': "the sum must equal the contract's amount",
  Plurianual: 'Multi-year',
  // The buyer desk's contracts of a consolidated lot (pages/buyer-desk.tsx, UnitContracts).
  'cada unidad participante firma su propio contrato.': 'each participating unit signs its own contract.',
  'contrato firmado': 'contract signed',
  'pendiente de firma': 'not signed yet',
  'Firmar el contrato de mi unidad (partida {lot})': "Sign my unit's contract (lot {lot})",
  // The tender editor's consolidated purchase section (components/consolidation-fields.tsx).
  'Cada unidad participante firmará su propio contrato por sus cantidades; las cantidades suman las de la licitación.':
    "Each participating unit will sign its own contract for its quantities; the units' quantities add up to the tender's.",
  'Unidad participante {n}': 'Participating unit {n}',
  'Elige una unidad del registro': 'Choose a unit of the register',
  'Requisición u oficio de la unidad {n}': 'Request (requisition or letter) of unit {n}',
  'Cantidad de {item} (unidad {n})': 'Quantity of {item} (unit {n})',
  'Monto comprometido por la unidad {n} (MXN)': 'Amount committed by unit {n} (MXN)',
  'Agregar unidad participante': 'Add a participating unit',
  'Quitar la última unidad': 'Remove the last unit',
  '{item}: las unidades suman {sum} de {quantity}': '{item}: the units add up to {sum} of {quantity}',
  'deben sumar la cantidad de la licitación': "they must add up to the tender's quantity",
  'Comprometido en total: {sum}': 'Committed in total: {sum}',
  'El contrato de mi unidad, en el escritorio del comprador': "My unit's contract, on the buyer desk",
};

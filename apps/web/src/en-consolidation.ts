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
};

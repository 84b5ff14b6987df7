/** English for imported history (the imported procedure's page and the list's badge; spread into EN by en.ts). */
export const HISTORY_EN: Record<string, string> = {
  'Registro histórico importado de {source} ({file}, {where})':
    'Historical record imported from {source} ({file}, {where})',
  'fila {row}': 'row {row}',
  'Licita no presenció este procedimiento: los datos son los del archivo de origen, leído el {date}. Las fechas son las del origen.':
    'Licita did not witness this procedure: the data are those of the source file, read on {date}. The dates are the source’s.',
  importado: 'imported',
  'Tipo de procedimiento en el origen': 'Procedure type in the source',
  Ley: 'Law',
  'sin fecha en el origen': 'no date in the source',
  Adjudicada: 'Awarded',
  'Monto contratado': 'Contracted amount',
  'Valores originales del procedimiento': 'Original values of the procedure',
  Firmado: 'Signed',
  'Estado en el origen': 'Status in the source',
  Fila: 'Row',
  'El origen no registra contratos.': 'The source records no contracts.',
  'Correcciones hechas al importar': 'Repairs made on import',
  'Ninguna: el registro se importó tal como venía.': 'None: the record was imported as it came.',
  Campo: 'Field',
  Valor: 'Value',
  Origen: 'Origin',
  'Importados y de la plataforma': 'Imported and platform',
  'Solo importados (historia)': 'Imported only (history)',
  'Solo de la plataforma': 'Platform only',
};

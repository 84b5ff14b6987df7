import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sharedDir } from '../../../test/support/shared-dir';
import type { SourceRecord } from '../application/source-record';
import { COMPRANET_COLUMNS, centavos, compranetRecords, dateOf, governmentOf } from './compranet-source';
import { csvRecords, decodeChunks, isUtf8Chunked } from './csv';

const SAMPLE = sharedDir('compranet', 'contratos-2013-sample.csv');

const HEADER = COMPRANET_COLUMNS.join(',');
type Cells = Partial<Record<(typeof COMPRANET_COLUMNS)[number], string>>;
const BASE: Cells = {
  GOBIERNO: 'APF',
  CLAVEUC: '011C00999',
  NOMBRE_DE_LA_UC: 'AFSEDF-ADMINISTRACIÓN FEDERAL',
  NUMERO_EXPEDIENTE: '527753',
  TITULO_EXPEDIENTE: 'Servicio de conectividad',
  PLANTILLA_EXPEDIENTE: '12. Adjudicación Directa Nacional Simplificada LAASSP',
  NUMERO_PROCEDIMIENTO: 'SA-011C00999-N289-2013',
  CARACTER: 'Nacional',
  TIPO_CONTRATACION: 'Servicios',
  TIPO_PROCEDIMIENTO: 'Adjudicación Directa Federal',
  CODIGO_CONTRATO: '720179',
  TITULO_CONTRATO: 'Servicio de conectividad',
  FECHA_INICIO: '2013-12-30',
  FECHA_FIN: '2016-12-31',
  IMPORTE_CONTRATO: '5216380.89',
  MONEDA: 'MXN',
  ESTATUS_CONTRATO: 'Activo',
  FECHA_CELEBRACION: '2013-12-30 00:00:00 GMT',
  PROVEEDOR_CONTRATISTA: 'Teléfonos de México S.A.B de C.V.',
};
const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const line = (cells: Cells) => COMPRANET_COLUMNS.map((c) => quote(cells[c] ?? '')).join(',');
const csv = (...rows: Cells[]) => [HEADER, ...rows.map((r) => line({ ...BASE, ...r }))].join('\r\n') + '\r\n';

const read = (bytes: Buffer | string): SourceRecord[] => [
  ...compranetRecords({
    fileName: 'test.csv',
    fileSha256: 'x',
    importId: 'import-x',
    bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes,
  }),
];
const procedure = (record: SourceRecord) => {
  if (record.kind !== 'procedure') throw new Error(`row ${record.row} was rejected: ${record.reason}`);
  return record;
};

describe('the CompraNet "Contratos" reader', () => {
  it('reads the shared 2013 file: one record per row, counts and totals as a plain CSV parse of it says', () => {
    const bytes = readFileSync(SAMPLE);
    const rows = parse<Record<string, string>>(bytes, { columns: true });
    const expected = new Map<string, { rows: number; amount: bigint }>();
    for (const row of rows) {
      const [units, decimals = ''] = row.IMPORTE_CONTRATO.split('.');
      const key = `${row.TIPO_PROCEDIMIENTO}|${row.MONEDA}`;
      const entry = expected.get(key) ?? { rows: 0, amount: 0n };
      entry.rows++;
      entry.amount += BigInt(units) * 100n + BigInt(decimals.padEnd(2, '0'));
      expected.set(key, entry);
    }

    const records = read(bytes);
    expect(records).toHaveLength(399);
    const actual = new Map<string, { rows: number; amount: bigint }>();
    for (const record of records.map(procedure)) {
      const [contract] = record.contracts;
      const key = `${record.procedure.procedureTypeOriginal.split(' — ')[0]}|${contract.value.currency}`;
      const entry = actual.get(key) ?? { rows: 0, amount: 0n };
      entry.rows++;
      entry.amount += BigInt(contract.value.amount);
      actual.set(key, entry);
    }
    expect(actual).toEqual(expected);
    const types = records.map(procedure).map((r) => r.procedure.procedureType);
    expect(types.filter((t) => t === 'direct_award')).toHaveLength(233);
    expect(types.filter((t) => t === 'invitation')).toHaveLength(88);
    expect(types.filter((t) => t.startsWith('public_'))).toHaveLength(78);
  });

  it('maps a row: procedure type and wording, category, law, centavos, dates in UTC', () => {
    const [record] = read(
      csv({
        TIPO_PROCEDIMIENTO: 'Licitación Pública',
        CARACTER: 'Internacional abierta',
        TIPO_CONTRATACION: 'Servicios Relacionados con la OP',
        PLANTILLA_EXPEDIENTE: '18. Licitación Pública Internacional Abierta LOPSRM',
        PROC_F_PUBLICACION: '2013-11-20 14:32',
        EXP_F_FALLO: '2013-11-27 00:00:00 GMT',
        TITULO_CONTRATO: 'Obra, "con comas"\ny saltos',
      }),
    ).map(procedure);
    expect(record.procedure).toMatchObject({
      procedureType: 'public_international',
      procedureTypeOriginal: 'Licitación Pública — Internacional abierta',
      category: 'works',
      law: 'LOPSRM',
      number: 'SA-011C00999-N289-2013',
      publishedAt: '2013-11-20T20:32:00.000Z',
      awardedAt: '2013-11-27T00:00:00.000Z',
    });
    expect(record.contracts[0]).toMatchObject({
      value: { amount: 521638089, currency: 'MXN' },
      title: 'Obra, "con comas"\ny saltos',
      startDate: '2013-12-30T06:00:00.000Z',
      supplier: { name: 'Teléfonos de México S.A.B de C.V.', rfc: null },
    });
  });

  it('carries COMPRA_CONSOLIDADA = 1 and PLURIANUAL = 1 (with CLAVE_CARTERA_SHCP) into the contract, and nothing for 0', () => {
    const [flagged, plain] = read(
      [
        HEADER,
        line({ ...BASE, COMPRA_CONSOLIDADA: '1', PLURIANUAL: '1', CLAVE_CARTERA_SHCP: '1312NAW0002' }),
        line({ ...BASE, CODIGO_CONTRATO: '720180', COMPRA_CONSOLIDADA: '0', PLURIANUAL: '0' }),
      ].join('\r\n'),
    ).map(procedure);
    expect(flagged.contracts[0]).toMatchObject({
      consolidatedPurchase: true,
      multiYear: { portfolioKey: '1312NAW0002' },
    });
    expect(plain.contracts[0]).not.toHaveProperty('consolidatedPurchase');
    expect(plain.contracts[0]).not.toHaveProperty('multiYear');
    const sample = read(readFileSync(SAMPLE))
      .map(procedure)
      .map((r) => r.contracts[0]);
    expect(sample.filter((c) => c.consolidatedPurchase)).toHaveLength(2);
    expect(sample.filter((c) => c.multiYear)).toHaveLength(47);
  });

  it('names an empty first header cell GOBIERNO and records it', () => {
    const records = read(csv({}).replace(/^GOBIERNO/, '')).map(procedure);
    expect(records[0].procedure.source.original.GOBIERNO).toBe('APF');
    expect(records[0].procedure.repairs).toContain('header.first_cell_named_gobierno');
  });

  it('drops a leading row-number column with an empty header', () => {
    const text = csv({}, { CODIGO_CONTRATO: '2' })
      .split('\r\n')
      .map((l, i) => (l ? `${i === 0 ? '' : i},${l}` : l))
      .join('\r\n');
    const records = read(text).map(procedure);
    expect(records.map((r) => r.contracts[0].code)).toEqual(['720179', '2']);
    expect(records[0].procedure.repairs).toContain('header.index_column_dropped');
  });

  it('rejects the TEST currency and unknown codes with a reason, keeps the original cells', () => {
    const [test, unknown, usd] = read(
      csv({ MONEDA: 'TEST' }, { CODIGO_CONTRATO: '2', MONEDA: 'PESOS' }, { CODIGO_CONTRATO: '3', MONEDA: 'usd ' }),
    );
    expect(test).toMatchObject({ kind: 'rejected', row: '1', rowKey: '720179', reason: 'import.currency_invalid' });
    expect(test.kind === 'rejected' && test.original.MONEDA).toBe('TEST');
    expect(unknown).toMatchObject({ kind: 'rejected', reason: 'import.currency_invalid' });
    expect(procedure(usd).contracts[0].value).toEqual({ amount: 521638089, currency: 'USD' });
  });

  it('keys a duplicated contract code by its row; an identical duplicate row is rejected', () => {
    const records = read(csv({}, { IMPORTE_CONTRATO: '10.00' }, {}));
    expect(procedure(records[0]).contracts[0].source.rowKey).toBe('720179');
    const second = procedure(records[1]).contracts[0];
    expect(second.source.rowKey).toBe('720179@2');
    expect(second.repairs).toContain('contract_code.duplicated_of_row_1');
    expect(records[2]).toMatchObject({ kind: 'rejected', rowKey: '720179@3', reason: 'import.row_duplicate' });
  });

  it('groups a blank procedure number by the expediente, else leaves the row alone', () => {
    const [byExpediente, alone] = read(
      csv({ NUMERO_PROCEDIMIENTO: ' ' }, { CODIGO_CONTRATO: '2', NUMERO_PROCEDIMIENTO: '', NUMERO_EXPEDIENTE: '' }),
    ).map(procedure);
    expect(byExpediente.procedureKey).toBe('expediente:527753');
    expect(byExpediente.procedure.number).toBeNull();
    expect(byExpediente.procedure.repairs).toContain('procedure_number.blank_grouped_by_expediente');
    expect(alone.procedureKey).toBe('row:2');
  });

  it('imports an amount of 0 as 0 centavos, rejects a negative or unreadable one', () => {
    const [zero, negative, text] = read(
      csv(
        { IMPORTE_CONTRATO: '0.00' },
        { CODIGO_CONTRATO: '2', IMPORTE_CONTRATO: '-5' },
        { CODIGO_CONTRATO: '3', IMPORTE_CONTRATO: 'N/A' },
      ),
    );
    expect(procedure(zero).contracts[0].value).toEqual({ amount: 0, currency: 'MXN' });
    expect(negative).toMatchObject({ kind: 'rejected', reason: 'import.amount_invalid' });
    expect(text).toMatchObject({ kind: 'rejected', reason: 'import.amount_invalid' });
  });

  it('decodes Windows-1252 bytes and records it', () => {
    const bytes = Buffer.from(csv({ PROVEEDOR_CONTRATISTA: 'Papelería Ñandú, S.A. de C.V.' }), 'latin1');
    const [record] = read(bytes).map(procedure);
    expect(record.contracts[0].supplier.name).toBe('Papelería Ñandú, S.A. de C.V.');
    expect(record.procedure.repairs).toContain('encoding.windows_1252');
  });

  it('removes a UTF-8 byte-order mark and records it; trailing spaces are trimmed', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv({ CLAVEUC: '011C00999  ' }))]);
    const [record] = read(bytes).map(procedure);
    expect(record.procedure.buyer.code).toBe('011C00999');
    expect(record.procedure.source.original.GOBIERNO).toBe('APF');
    expect(record.procedure.repairs).toContain('encoding.bom_removed');
  });

  it('rejects a row with the wrong number of cells', () => {
    const [record] = read(`${HEADER}\r\nAPF,too,few\r\n`);
    expect(record).toMatchObject({ kind: 'rejected', row: '1', reason: 'import.row_malformed' });
  });

  it('turns decimal strings into centavos by their digits, never through a float', () => {
    const repairs: string[] = [];
    expect(centavos('0.29', repairs)).toBe(29);
    expect(centavos('1234567890123.45', repairs)).toBe(123456789012345);
    expect(centavos('12', repairs)).toBe(1200);
    expect(centavos('12.5', repairs)).toBe(1250);
    expect(repairs).toEqual([]);
    expect(centavos('$1,000.005', repairs)).toBe(100001);
    expect(repairs).toEqual(['amount.formatting_removed', 'amount.rounded_to_centavos']);
  });

  it('reads Mexico City wall-clock time with its former daylight saving time', () => {
    expect(dateOf('2013-07-01 10:00', 'X', [])).toBe('2013-07-01T15:00:00.000Z');
    expect(dateOf('2023-07-01 10:00', 'X', [])).toBe('2023-07-01T16:00:00.000Z');
    const repairs: string[] = [];
    expect(dateOf('2013-02-30', 'FECHA_FIN', repairs)).toBeNull();
    expect(repairs).toEqual(['date.unreadable_fecha_fin']);
  });
});

describe('reading a file in pieces', () => {
  const join = (bytes: Buffer, chunkBytes: number) => {
    const { chunks, repairs } = decodeChunks(bytes, chunkBytes);
    return { text: [...chunks].join(''), repairs };
  };

  it('decodes characters split between pieces, deciding UTF-8 or Windows-1252 on the whole file', () => {
    const body = 'Adquisición de equipo médico, año ñandú € 💶 '.repeat(50);
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
    // Piece sizes that cut the two-, three- and four-byte characters at every offset.
    for (const size of [1, 2, 3, 5, 7, 64]) {
      expect(join(utf8, size)).toEqual({ text: body, repairs: ['encoding.bom_removed'] });
      expect(isUtf8Chunked([...pieces(utf8, size)])).toBe(true);
    }
    // Windows-1252: an invalid byte late in the file (after valid pieces) makes the whole file Windows-1252.
    const latin = Buffer.concat([Buffer.from('a'.repeat(100)), Buffer.from('Adquisición € año', 'latin1')]);
    latin[latin.length - 5] = 0x80; // € in Windows-1252
    for (const size of [1, 3, 64]) {
      const { text, repairs } = join(latin, size);
      expect(repairs).toEqual(['encoding.windows_1252']);
      expect(text).toBe(`${'a'.repeat(100)}Adquisición € año`);
    }
    // A truncated character at the very end is not UTF-8.
    expect(isUtf8Chunked([Buffer.from('ok'), Buffer.from([0xe2, 0x82])])).toBe(false);
  });

  it('reads the same records whatever the piece size: quoted line breaks, doubled quotes and CRLF across pieces', () => {
    const text = 'a,"b\r\nc",d\r\n"e""",f,\r\n\r\n"g\n""h""",i\n,\nlast,"x"';
    const whole = [...csvRecords(text)];
    expect(whole).toEqual([
      { cells: ['a', 'b\r\nc', 'd'], line: 1 },
      { cells: ['e"', 'f', ''], line: 3 },
      { cells: ['g\n"h"', 'i'], line: 5 },
      { cells: ['', ''], line: 7 },
      { cells: ['last', 'x'], line: 8 },
    ]);
    for (let size = 1; size <= text.length; size++) {
      const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, k) =>
        text.slice(k * size, (k + 1) * size),
      );
      expect([...csvRecords(chunks)]).toEqual(whole);
    }
  });

  it('gives the same records for a file read in small pieces as in one, and repairs are per reading', () => {
    const file = {
      fileName: 'f.csv',
      fileSha256: '',
      importId: 'i',
      bytes: Buffer.from(
        `\uFEFF${csv({ TITULO_CONTRATO: 'Servicio, "integral"\nde limpieza', CODIGO_CONTRATO: 'C-12345678901234' }).replace(/^GOBIERNO/, '')}`,
      ),
    };
    const [first, second] = [[...compranetRecords(file)], [...compranetRecords(file, 7)]];
    expect(procedure(first[0]).procedure.repairs).toEqual(['encoding.bom_removed', 'header.first_cell_named_gobierno']);
    expect(procedure(first[0]).contracts[0].title).toBe('Servicio, "integral"\nde limpieza');
    expect(second).toEqual(first);
  });
});

function* pieces(bytes: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('GOBIERNO and APORTACION_FEDERAL', () => {
  it.each([
    ['APF', '', { level: 'federal', federalFunds: true }, []],
    ['GE', '1250000.00', { level: 'state', federalFunds: true }, []],
    ['GM', '0', { level: 'municipal', federalFunds: false }, []],
    ['ge', 'SÍ', { level: 'state', federalFunds: true }, []],
    ['GM', '', { level: 'municipal', federalFunds: null }, []],
    ['GE', 'quizá', { level: 'state', federalFunds: null }, ['government.federal_contribution_unreadable']],
    ['', '', { level: null, federalFunds: null }, ['government.level_blank']],
    ['XYZ', '', { level: null, federalFunds: null }, ['government.level_unknown']],
  ])('GOBIERNO %s, APORTACION_FEDERAL "%s"', (gobierno, aportacion, expected, repairs) => {
    const said: string[] = [];
    expect(governmentOf(gobierno, aportacion, said)).toEqual(expected);
    expect(said).toEqual(repairs);
  });
});

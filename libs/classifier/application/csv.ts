/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF or LF)
 * into records keyed by the header row. A leading byte-order mark is ignored; blank lines are skipped.
 */
export function parseCsv(content: string): { header: string[]; records: Array<Record<string, string>> } {
  const rows = csvRows(content.replace(/^\uFEFF/, ''));
  const header = (rows.shift() ?? []).map((name) => name.trim());
  const records = rows
    .filter((row) => row.some((field) => field !== ''))
    .map((row, index) => {
      if (row.length !== header.length)
        throw new Error(`CSV line ${index + 2}: ${row.length} fields, the header has ${header.length}`);
      return Object.fromEntries(header.map((name, i) => [name, row[i]]));
    });
  return { header, records };
}

function csvRows(content: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < content.length; i++) {
    const char = content[i];
    if (quoted && char === '"' && content[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"' && (quoted || field === '')) {
      quoted = !quoted;
    } else if (quoted) {
      field += char;
    } else if (char === ',') {
      endField();
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && content[i + 1] === '\n') i++;
      endRow();
    } else {
      field += char;
    }
  }
  if (quoted) throw new Error('CSV: a quoted field is not closed');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** What decoding a file's bytes had to do, for the report (`encoding.bom_removed`, `encoding.windows_1252`). */
export type DecodedText = { text: string; repairs: string[] };

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The file's text: UTF-8 (a byte-order mark is removed and recorded), or, when the bytes are not valid UTF-8,
 * Windows-1252 (the superset of Latin-1 that older CompraNet exports and spreadsheet saves use), recorded too.
 */
export function decodeText(bytes: Buffer): DecodedText {
  const repairs: string[] = [];
  let body = bytes;
  if (body.subarray(0, 3).equals(UTF8_BOM)) {
    body = body.subarray(3);
    repairs.push('encoding.bom_removed');
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), repairs };
  } catch {
    repairs.push('encoding.windows_1252');
    return { text: new TextDecoder('windows-1252').decode(body), repairs };
  }
}

/** One CSV record: its cells and the 1-based line it starts on. */
export type CsvRecord = { cells: string[]; line: number };

/**
 * RFC 4180 records: quoted cells may hold commas, doubled quotes and line breaks; CRLF or LF line ends;
 * blank lines are skipped. A quote inside an unquoted cell is kept as text.
 */
export function* csvRecords(text: string): Generator<CsvRecord> {
  let i = 0;
  let line = 1;
  const length = text.length;
  while (i < length) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      let cell: string;
      if (text.charCodeAt(i) === 34 /* " */) {
        let end = i + 1;
        let value = '';
        for (;;) {
          const quote = text.indexOf('"', end);
          if (quote < 0) {
            value += text.slice(end);
            end = length;
            break;
          }
          value += text.slice(end, quote);
          if (text.charCodeAt(quote + 1) === 34) {
            value += '"';
            end = quote + 2;
          } else {
            end = quote + 1;
            break;
          }
        }
        line += countLineBreaks(value);
        // Anything between the closing quote and the separator is kept, as a lenient reader would.
        const stop = nextSeparator(text, end);
        cell = value + text.slice(end, stop);
        i = stop;
      } else {
        const stop = nextSeparator(text, i);
        cell = text.slice(i, stop);
        i = stop;
      }
      cells.push(cell);
      if (i >= length) break;
      const separator = text.charCodeAt(i);
      i++;
      if (separator === 44 /* , */) continue;
      if (separator === 13 && text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    if (cells.length > 1 || cells[0] !== '') yield { cells, line: start };
  }
}

function nextSeparator(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 10 || c === 13) return i;
  }
  return text.length;
}

function countLineBreaks(value: string): number {
  let count = 0;
  for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) count++;
  return count;
}

import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/** What decoding a file's bytes had to do, for the report (`encoding.bom_removed`, `encoding.windows_1252`). */
export type DecodedChunks = { chunks: Iterable<string>; repairs: string[] };

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Bytes decoded at a time: the text of the whole file is never held, only about this much of it. */
export const CHUNK_BYTES = 1 << 20;

/**
 * The file's text, a piece at a time: UTF-8 (a byte-order mark is removed and recorded), or, when the bytes are
 * not valid UTF-8, Windows-1252 (the superset of Latin-1 that older CompraNet exports and spreadsheet saves use),
 * recorded too. The encoding is decided on the whole file by a first pass that only validates UTF-8 a piece at a
 * time (a character split between two pieces is carried over), allocating nothing; then the pieces are decoded
 * incrementally (a character split between two pieces is completed by the next one).
 */
export function decodeChunks(bytes: Buffer, chunkBytes = CHUNK_BYTES): DecodedChunks {
  const repairs: string[] = [];
  let body = bytes;
  if (body.subarray(0, 3).equals(UTF8_BOM)) {
    body = body.subarray(3);
    repairs.push('encoding.bom_removed');
  }
  const utf8 = isUtf8Chunked(pieces(body, chunkBytes));
  if (!utf8) repairs.push('encoding.windows_1252');
  return { chunks: decoded(body, chunkBytes, utf8), repairs };
}

function* pieces(body: Buffer, chunkBytes: number): Generator<Buffer> {
  for (let at = 0; at < body.length; at += chunkBytes) yield body.subarray(at, at + chunkBytes);
}

function* decoded(body: Buffer, chunkBytes: number, utf8: boolean): Generator<string> {
  if (utf8) {
    const decoder = new StringDecoder('utf8');
    for (const piece of pieces(body, chunkBytes)) yield decoder.write(piece);
    yield decoder.end();
    return;
  }
  const decoder = new TextDecoder('windows-1252');
  for (const piece of pieces(body, chunkBytes)) yield decoder.decode(piece, { stream: true });
  yield decoder.decode();
}

/** Whether the pieces, joined, are valid UTF-8: each piece is checked up to its last whole character. */
export function isUtf8Chunked(chunks: Iterable<Buffer>): boolean {
  let carry = Buffer.alloc(0);
  for (const chunk of chunks) {
    const piece = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const whole = wholeCharacters(piece);
    if (!isUtf8(piece.subarray(0, whole))) return false;
    carry = Buffer.from(piece.subarray(whole));
  }
  return carry.length === 0 || isUtf8(carry);
}

/** The length of the piece without a trailing character whose bytes go on in the next piece. */
function wholeCharacters(piece: Buffer): number {
  for (let back = 1; back <= Math.min(3, piece.length); back++) {
    const byte = piece[piece.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead byte
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needs > back ? piece.length - back : piece.length;
  }
  return piece.length; // no lead byte among the last three: invalid anyway, the check says so
}

/** One CSV record: its cells and the 1-based line it starts on. */
export type CsvRecord = { cells: string[]; line: number };

/**
 * RFC 4180 records from the text (whole, or in pieces as `decodeChunks` gives it): quoted cells may hold commas,
 * doubled quotes and line breaks, also across pieces; CRLF or LF line ends; blank lines are skipped. A quote
 * inside an unquoted cell is kept as text. Only the record being read is held besides the current piece.
 */
export function* csvRecords(text: string | Iterable<string>): Generator<CsvRecord> {
  const chunks = typeof text === 'string' ? [text] : text;
  let pending = '';
  let line = 1;
  const next = chunks[Symbol.iterator]();
  for (let final = false; !final;) {
    const chunk = next.next();
    if (chunk.done) final = true;
    else pending = pending ? pending + chunk.value : chunk.value;
    let at = 0;
    for (;;) {
      const record = readRecord(pending, at, final);
      if (!record) break;
      at = record.next;
      const start = line;
      line += record.lines;
      if (record.cells.length > 1 || record.cells[0] !== '') yield { cells: record.cells, line: start };
    }
    pending = at ? pending.slice(at) : pending;
  }
}

/**
 * The record starting at `from`, or null when the text ends before it does (more text may complete it) or at
 * `from` itself. `final`: no more text comes, so the record ends with the text.
 */
function readRecord(
  text: string,
  from: number,
  final: boolean,
): { cells: string[]; next: number; lines: number } | null {
  const length = text.length;
  if (from >= length) return null;
  let i = from;
  let lines = 0;
  const cells: string[] = [];
  for (;;) {
    let cell: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      let end = i + 1;
      let value = '';
      for (;;) {
        const quote = text.indexOf('"', end);
        if (quote < 0 || (quote + 1 >= length && !final)) {
          // The quoted cell (or whether its last quote is doubled) goes on in the next piece.
          if (!final) return null;
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
      lines += countLineBreaks(value);
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
    if (i >= length) return final ? { cells, next: i, lines } : null;
    const separator = text.charCodeAt(i);
    i++;
    if (separator === 44 /* , */) continue;
    if (separator === 13) {
      if (i >= length && !final) return null; // an LF may follow in the next piece
      if (text.charCodeAt(i) === 10) i++;
    }
    return { cells, next: i, lines: lines + 1 };
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

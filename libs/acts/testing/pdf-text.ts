import { inflateSync } from 'node:zlib';

/** WinAnsi bytes that differ from Latin-1, among those an act writes. */
const WIN_ANSI: Record<number, string> = { 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—', 0x92: '’' };

/**
 * The text lines of a PDF pdfkit wrote with the standard fonts: every content stream inflated, each `TJ`
 * array's hex strings decoded (WinAnsi) and joined, one line per text operation. Enough for tests.
 */
export function pdfText(pdf: Buffer): string[] {
  const lines: string[] = [];
  const source = pdf.toString('latin1');
  for (const match of source.matchAll(/stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = source.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const array of content.matchAll(/\[([^\]]*)\]\s*TJ/g))
      lines.push([...array[1].matchAll(/<([0-9a-fA-F]*)>/g)].map(([, hex]) => decode(hex)).join(''));
  }
  return lines;
}

const decode = (hex: string): string =>
  [...Buffer.from(hex, 'hex')].map((byte) => WIN_ANSI[byte] ?? String.fromCharCode(byte)).join('');

/**
 * The media types a document may have, told from its first bytes (never from its name or the client's
 * `Content-Type`): PDF, PNG, JPEG, Office Open XML (docx, xlsx), XML, and plain UTF-8 text (CSV included).
 */
export const ALLOWED_MEDIA_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/xml',
  'text/plain; charset=utf-8',
] as const;

export type AllowedMediaType = (typeof ALLOWED_MEDIA_TYPES)[number];

/** How many leading bytes `sniffMediaType` reads. */
export const SNIFF_BYTES = 8192;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((byte, index) => head[index] === byte);

/** The media type of a document from its first bytes (up to SNIFF_BYTES); undefined: not one we accept. */
export function sniffMediaType(head: Buffer): AllowedMediaType | undefined {
  if (head.length === 0) return undefined;
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return officeKind(head);
  return textKind(head);
}

/** A ZIP is accepted only as a Word or Excel document: the names of its first entries say which. */
function officeKind(head: Buffer): AllowedMediaType | undefined {
  const names = head.toString('latin1');
  if (!names.includes('[Content_Types].xml') && !/(word|xl)\//.test(names)) return undefined;
  if (names.includes('word/')) return DOCX;
  if (names.includes('xl/')) return XLSX;
  return undefined;
}

function textKind(head: Buffer): AllowedMediaType | undefined {
  const text = decodeUtf8Prefix(head);
  if (text === undefined) return undefined;
  // Control characters other than tab, line feed, carriage return and form feed mean binary.
  if ([...text].some(isBinaryControl)) return undefined;
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<?xml')) return 'application/xml';
  return 'text/plain; charset=utf-8';
}

const TEXT_CONTROLS = new Set(['\t', '\n', '\r', '\f']);
const isBinaryControl = (character: string) =>
  (character < ' ' && !TEXT_CONTROLS.has(character)) || character === '\u007f';

/** The text of `head`, allowing one multi-byte character cut at its end; undefined when it is not UTF-8. */
function decodeUtf8Prefix(head: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cutCharacterLength(head)));
  } catch {
    return undefined;
  }
}

/** How many bytes at the end of `head` begin a character that the sample cut short (0 when none). */
function cutCharacterLength(head: Buffer): number {
  for (let back = 1; back <= Math.min(3, head.length); back += 1) {
    const byte = head[head.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

/**
 * A byte-level walk of an OCDS file that finds where each release or record starts and ends without decoding
 * or parsing the whole file: a package of hundreds of MB is read one release at a time, and only the bytes the
 * runner already holds stay in memory. It understands one JSON value or several in a row (JSON Lines,
 * concatenated packages), and a top-level array; it looks only at `"`, `\`, brackets and commas, which are ASCII
 * and so the same bytes in UTF-8 and in single-byte encodings.
 */

/** Where one release or record sits in the file, and its JSON pointer (`/releases/3`, `/2/records/0`). */
export type ScannedElement = {
  kind: 'release' | 'record';
  pointer: string;
  start: number;
  end: number;
};

/** A package (or a bare release or record) met at the top of the file. */
export type ScannedDocument = {
  pointer: string;
  /** The package's own fields (`version`, `uri`, `publisher`…), parsed; `releases` and `records` excluded. */
  meta: { [key: string]: unknown };
  /** Whether the value is a package, a release or record published on its own, or neither. */
  shape: 'release-package' | 'record-package' | 'release' | 'record' | 'other';
  elements: ScannedElement[];
  /** Where the value ends in the file. */
  end: number;
  /** The scan error that ended the walk inside this value, if any. */
  error?: JsonScanError;
};

export class JsonScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(`${message} at byte ${offset}`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

export class JsonScanner {
  constructor(private readonly bytes: Buffer) {}

  /**
   * Every top-level value, in file order. A scan error (a truncated file, a stray byte between values) ends the
   * walk: what was found before it is kept, and the document it happened in carries the error.
   */
  documents(): ScannedDocument[] {
    const b = this.bytes;
    let at = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0; // a UTF-8 byte-order mark
    at = this.skipSpace(at);
    const documents: ScannedDocument[] = [];
    const topLevelArray = b[at] === OPEN_BRACKET;
    if (topLevelArray) at = this.skipSpace(at + 1);
    while (at < b.length) {
      if (topLevelArray && b[at] === CLOSE_BRACKET) break;
      const document = this.document(at, `/${documents.length}`);
      documents.push(document);
      if (document.error) return documents;
      at = this.skipSpace(document.end);
      if (b[at] === COMMA) at = this.skipSpace(at + 1); // an array, or a lenient `{…},{…}` stream
    }
    if (!topLevelArray && documents.length === 1) return [withoutPrefix(documents[0])];
    return documents;
  }

  /** The bytes of `[start, end)` as text (UTF-8, or Windows-1252 when they are not UTF-8). */
  text(start: number, end: number): { text: string; latin: boolean } {
    const slice = this.bytes.subarray(start, end);
    try {
      return { text: utf8.decode(slice), latin: false };
    } catch {
      return { text: windows1252.decode(slice), latin: true };
    }
  }

  /**
   * The value of one top-level member of the object at `start` (`"ocid"` of a release), parsed, without parsing
   * the rest: `undefined` when it has no such member, when the bytes are not an object, or when they break off.
   */
  member(start: number, name: string): unknown {
    if (this.bytes[start] !== OPEN_BRACE) return undefined;
    let found: unknown = undefined;
    try {
      this.walkMembers(start, (key, valueStart) => {
        const valueEnd = this.skipValue(valueStart);
        if (key === name && found === undefined) found = this.parse(valueStart, valueEnd);
        return valueEnd;
      });
    } catch (error) {
      if (!(error instanceof JsonScanError)) throw error;
    }
    return found;
  }

  private document(start: number, pointer: string): ScannedDocument {
    const document: ScannedDocument = { pointer, meta: {}, shape: 'other', elements: [], end: start };
    const keys = new Set<string>();
    try {
      if (this.bytes[start] !== OPEN_BRACE) {
        document.end = this.skipValue(start);
        return document;
      }
      document.end = this.walkMembers(start, (key, valueStart) => {
        keys.add(key);
        if ((key === 'releases' || key === 'records') && this.bytes[valueStart] === OPEN_BRACKET) {
          const kind = key === 'releases' ? 'release' : 'record';
          return this.walkItems(valueStart, (itemStart, itemEnd, index) =>
            document.elements.push({ kind, pointer: `${pointer}/${key}/${index}`, start: itemStart, end: itemEnd }),
          );
        }
        const valueEnd = this.skipValue(valueStart);
        document.meta[key] = this.parse(valueStart, valueEnd);
        return valueEnd;
      });
    } catch (error) {
      if (!(error instanceof JsonScanError)) throw error;
      document.error = error;
    }
    if (keys.has('ocid')) {
      const kind = ['releases', 'compiledRelease', 'versionedRelease'].some((k) => keys.has(k)) ? 'record' : 'release';
      document.shape = kind;
      document.meta = {};
      document.elements = document.error ? [] : [{ kind, pointer, start, end: document.end }];
    } else if (keys.has('releases')) document.shape = 'release-package';
    else if (keys.has('records')) document.shape = 'record-package';
    return document;
  }

  /** Calls `onMember` with each member's name and value start (it returns the value's end); returns the end. */
  private walkMembers(start: number, onMember: (key: string, valueStart: number) => number): number {
    const b = this.bytes;
    let at = this.skipSpace(start + 1);
    if (b[at] === CLOSE_BRACE) return at + 1;
    for (;;) {
      if (b[at] !== QUOTE) throw new JsonScanError(at, 'expected a member name');
      const keyEnd = this.skipString(at);
      const key = this.parse(at, keyEnd);
      at = this.skipSpace(keyEnd);
      if (b[at] !== COLON) throw new JsonScanError(at, 'expected ":"');
      at = this.skipSpace(onMember(String(key), this.skipSpace(at + 1)));
      if (b[at] === CLOSE_BRACE) return at + 1;
      if (b[at] !== COMMA) throw new JsonScanError(at, 'expected "," or "}"');
      at = this.skipSpace(at + 1);
    }
  }

  /** Calls `onItem` with the bounds of each item of the array at `start`; returns the array's end. */
  private walkItems(start: number, onItem: (itemStart: number, itemEnd: number, index: number) => void): number {
    const b = this.bytes;
    let at = this.skipSpace(start + 1);
    if (b[at] === CLOSE_BRACKET) return at + 1;
    for (let index = 0; ; index++) {
      const end = this.skipValue(at);
      onItem(at, end, index);
      at = this.skipSpace(end);
      if (b[at] === CLOSE_BRACKET) return at + 1;
      if (b[at] !== COMMA) throw new JsonScanError(at, 'expected "," or "]"');
      at = this.skipSpace(at + 1);
    }
  }

  private parse(start: number, end: number): unknown {
    try {
      return JSON.parse(this.text(start, end).text) as unknown;
    } catch {
      return null;
    }
  }

  private skipSpace(at: number): number {
    while (at < this.bytes.length && isSpace(this.bytes[at])) at++;
    return at;
  }

  private skipString(at: number): number {
    const b = this.bytes;
    for (let i = at + 1; i < b.length; i++) {
      if (b[i] === BACKSLASH) i++;
      else if (b[i] === QUOTE) return i + 1;
    }
    throw new JsonScanError(at, 'unterminated string');
  }

  /** The end of the value at `at`: brackets are counted (strings skipped), the parser checks the rest later. */
  private skipValue(at: number): number {
    const b = this.bytes;
    if (at >= b.length) throw new JsonScanError(at, 'unexpected end of file');
    const first = b[at];
    if (first === QUOTE) return this.skipString(at);
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      let i = at;
      while (i < b.length && !isSpace(b[i]) && b[i] !== COMMA && b[i] !== CLOSE_BRACE && b[i] !== CLOSE_BRACKET) i++;
      if (i === at) throw new JsonScanError(at, 'expected a value');
      return i;
    }
    let depth = 0;
    for (let i = at; i < b.length; i++) {
      const byte = b[i];
      if (byte === QUOTE) i = this.skipString(i) - 1;
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    throw new JsonScanError(at, 'unterminated object or array');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const windows1252 = new TextDecoder('windows-1252');

function withoutPrefix(document: ScannedDocument): ScannedDocument {
  const strip = (pointer: string) => pointer.replace(/^\/0/, '');
  return {
    ...document,
    pointer: strip(document.pointer),
    elements: document.elements.map((element) => ({ ...element, pointer: strip(element.pointer) })),
  };
}

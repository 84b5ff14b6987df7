/** The longest file name kept, in characters (the extension is kept when a longer one is cut). */
export const MAX_FILE_NAME_LENGTH = 200;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A file name safe to store and to send back in `Content-Disposition`: no folders (only what follows the last
 * `/` or `\`), no control or bidi-override characters, none of `<>:"|?*`, no names Windows reserves (`CON`,
 * `nul.txt`), no leading dots, at most MAX_FILE_NAME_LENGTH characters. Letters of any language stay
 * (`Anexo técnico – año 2026.pdf`). Nothing usable left: `documento`.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = [...base]
    .filter((character) => !isInvisible(character))
    .join('')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  const name = WINDOWS_RESERVED.test(cleaned) ? `_${cleaned}` : cleaned;
  return name ? shorten(name) : 'documento';
}

function shorten(name: string): string {
  const characters = [...name];
  if (characters.length <= MAX_FILE_NAME_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return characters.slice(0, MAX_FILE_NAME_LENGTH - [...extension].length).join('') + extension;
}

/** C0 and C1 controls, and the marks that reorder text (a `fdp.exe` shown as `exe.pdf`). */
function isInvisible(character: string): boolean {
  const code = character.codePointAt(0)!;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

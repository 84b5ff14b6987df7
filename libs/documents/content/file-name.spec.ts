import { MAX_FILE_NAME_LENGTH, sanitizeFileName } from './file-name';

describe('a file name safe to store and send back', () => {
  it('keeps Spanish letters and spaces', () =>
    expect(sanitizeFileName('Anexo técnico – año 2026 (ñandú).pdf')).toBe('Anexo técnico – año 2026 (ñandú).pdf'));

  it('drops the folders of a path, Unix or Windows', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\ana\\Bases.docx')).toBe('Bases.docx');
  });

  it('drops control and bidi-override characters and replaces reserved punctuation', () =>
    expect(sanitizeFileName('fac\u0000tura\u202Efdp.exe<1>?.pdf')).toBe('facturafdp.exe_1__.pdf'));

  it('does not let a name Windows reserves through, nor a hidden or empty one', () => {
    expect(sanitizeFileName('CON.txt')).toBe('_CON.txt');
    expect(sanitizeFileName('.bashrc')).toBe('bashrc');
    expect(sanitizeFileName('  ...  ')).toBe('documento');
    expect(sanitizeFileName('/')).toBe('documento');
  });

  it('cuts a long name but keeps its extension', () => {
    const name = sanitizeFileName(`${'á'.repeat(500)}.xlsx`);
    expect([...name]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('á.xlsx')).toBe(true);
  });
});

import { sniffMediaType } from './media-type';

const zipWith = (entry: string) =>
  Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from(entry)]);

describe('the media type of a document, told from its content', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'application/pdf'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'image/png'],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    [
      'a Word document',
      zipWith('[Content_Types].xml...word/document.xml'),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    [
      'an Excel workbook',
      zipWith('[Content_Types].xml...xl/workbook.xml'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    ['XML', Buffer.from('\uFEFF<?xml version="1.0"?><anexo/>'), 'application/xml'],
    [
      'a CSV in Spanish',
      Buffer.from('partida,descripción,cantidad\n1,Computadora portátil,30\n'),
      'text/plain; charset=utf-8',
    ],
  ])('recognizes %s', (_what, head, mediaType) => expect(sniffMediaType(head)).toBe(mediaType));

  it('accepts text whose sample ends in the middle of a character', () => {
    const text = Buffer.from('año');
    expect(sniffMediaType(text.subarray(0, text.length - 1))).toBe('text/plain; charset=utf-8');
  });

  it.each([
    ['an executable', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03])],
    ['a plain ZIP', zipWith('fotos/casa.jpg')],
    ['Latin-1 text', Buffer.from([0x61, 0xf1, 0x6f, 0x20, 0x61, 0x62])],
    ['binary with NUL bytes', Buffer.from('abc\u0000def')],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_what, head) => expect(sniffMediaType(head)).toBeUndefined());
});

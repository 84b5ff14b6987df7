import { createHash } from 'node:crypto';
import { pdfText } from '../testing/pdf-text';
import { anAuctionResultAct, anOpeningAct, aRulingAct } from '../testing/act.fixtures';
import { renderAct } from './render-act';

const text = async (act: Parameters<typeof renderAct>[0]) => pdfText(await renderAct(act)).join('\n');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the opening act', () => {
  it('names the procedure, each proposal’s supplier, RFC, commitment and amounts in pesos, and the ledger position', async () => {
    const written = await text(anOpeningAct());
    expect(written).toContain('Acta de presentación y apertura de proposiciones');
    expect(written).toContain('Adquisición de equipo de cómputo');
    expect(written).toContain('Constructora Álamo, S.A. de C.V. (RFC CAL010101AB1)');
    expect(written).toContain('a'.repeat(64));
    expect(written).toContain('$1,234,567.89');
    expect(written).toContain('$500.00');
    expect(written).toMatch(/posición 42/);
    expect(written).toMatch(/20 de marzo de 2026.*11:00:00/); // 17:00 UTC in Mexico City
  });

  it('keeps the offers the auction-anonymity rule seals out of the act', async () => {
    const sealed = anOpeningAct();
    sealed.proposals = sealed.proposals.map((p) => ({ ...p, lots: p.lots.map((lot) => ({ ...lot, amount: null })) }));
    const written = await text(sealed);
    expect(written).not.toContain('$');
    expect(written).toContain('reservado hasta el cierre de la subasta');
  });

  it('renders the same act to the same bytes', async () =>
    expect(sha256(await renderAct(anOpeningAct()))).toBe(sha256(await renderAct(anOpeningAct()))));

  it('dates the PDF from the act, not from the clock', async () =>
    expect((await renderAct(anOpeningAct())).toString('latin1')).toContain('D:20260320170000Z'));
});

describe('the ruling', () => {
  it('gives each lot’s winner, amount and reason, the deserted lots and the rejected proposals’ reasons', async () => {
    const written = await text(aRulingAct());
    expect(written).toContain('Acta de fallo');
    expect(written).toContain('Grupo Balam, S.A. de C.V. (RFC GBA020202CD2)');
    expect(written).toContain('$1,200,000.00');
    expect(written).toContain('resultado de la evaluación');
    expect(written).toContain('ninguna proposición cumplió los requisitos');
    expect(written).toContain('Sin garantía');
    expect(written).toMatch(/posición 57/);
  });
});

describe('the auction result', () => {
  it('reveals which supplier was behind each label, with final prices and the close', async () => {
    const written = await text(anAuctionResultAct());
    expect(written).toContain('Acta de resultado de la subasta inversa');
    expect(written).toContain('1. Participante 2: Constructora Álamo, S.A. de C.V. (RFC CAL010101AB1)');
    expect(written).toContain('$235,000.00');
    expect(written).toContain('$5,000.00 (2.08 %)');
    expect(written).toMatch(/posición 63/);
  });
});

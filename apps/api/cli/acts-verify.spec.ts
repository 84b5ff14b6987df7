import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actSigningKeyOf, renderAct, selfSignedP12, signActPdf } from '@licita/acts/pdf';
import { anOpeningAct } from '@licita/acts/testing/act.fixtures';
import { run } from './acts-verify';

const folder = mkdtempSync(join(tmpdir(), 'licita-acts-cli-'));
const key = actSigningKeyOf(selfSignedP12('', new Date('2026-03-01T00:00:00Z'), 'Licita — firma de actas'), '');
const pdfPath = join(folder, 'acta.pdf');
let signed: Buffer;

beforeAll(async () => {
  signed = await signActPdf(await renderAct(anOpeningAct()), key, {
    reason: 'Acta de apertura de proposiciones',
    signingTime: new Date('2026-03-20T17:00:00.000Z'),
  });
  writeFileSync(pdfPath, signed);
  writeFileSync(join(folder, 'platform.pem'), key.certificatePem);
});

const lines = async (argv: string[]) => {
  const out: string[] = [];
  const code = await run(argv, (line) => out.push(line));
  return { code, out: out.join('\n') };
};

describe('npm run acts:verify', () => {
  it('prints the signer, time and reason of a valid act, pinned to the platform’s certificate', async () => {
    const { code, out } = await lines([pdfPath, '--certificate', join(folder, 'platform.pem')]);
    expect(code).toBe(0);
    expect(out).toContain(`VALID: ${pdfPath}`);
    expect(out).toContain('Licita — firma de actas');
    expect(out).toContain('2026-03-20T17:00:00.000Z');
    expect(out).toContain('Acta de apertura de proposiciones');
  });

  it('exits 1 with the problem when a byte changed', async () => {
    const changed = Buffer.from(signed);
    changed[100] ^= 0x01;
    const path = join(folder, 'cambiada.pdf');
    writeFileSync(path, changed);
    const { code, out } = await lines([path]);
    expect(code).toBe(1);
    expect(out).toContain('NOT VALID');
  });

  it('exits 2 for a file it cannot read', async () => expect((await lines([join(folder, 'nada.pdf')])).code).toBe(2));
});

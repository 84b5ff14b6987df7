import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { actPdfTools } from '@licita/acts';

const USAGE = `usage: npm run acts:verify -- <act.pdf> [--certificate <platform certificate, PEM>]

Checks an act Licita signed, with no server: the signature must cover every byte of the file, the PKCS#7's
digest must be the SHA-256 of those bytes, and its RSA signature must check with the certificate it carries.
--certificate pins the platform's certificate (ask the operator for it, or export it from a signed act you
trust): a PDF signed by any other key is then refused.
Exit code 0: valid; 1: not valid (the reason is printed); 2: could not check.`;

/** The command, testable: writes its report to `out`, returns the exit code. */
export async function run(argv: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { certificate: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help || positionals.length !== 1) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  let pdf: Buffer;
  let trustedCertificatePem: string | undefined;
  try {
    pdf = await readFile(positionals[0]);
    trustedCertificatePem = values.certificate === undefined ? undefined : await readFile(values.certificate, 'utf8');
  } catch (error) {
    out(`cannot read: ${(error as Error).message}`);
    return 2;
  }
  const { verifyActPdf } = await actPdfTools();
  const report = verifyActPdf(pdf, { trustedCertificatePem });
  out(`${report.valid ? 'VALID' : 'NOT VALID'}: ${positionals[0]}`);
  out(`  signer:      ${report.signer ?? '-'}`);
  out(`  signed at:   ${report.signedAt ?? '-'}`);
  out(`  reason:      ${report.reason ?? '-'}`);
  if (report.certificateSha256) out(`  certificate: SHA-256 ${report.certificateSha256}`);
  if (report.problem) out(`  problem:     ${report.problem}`);
  return report.valid ? 0 : 1;
}

if (require.main === module) {
  run(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`acts:verify failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}

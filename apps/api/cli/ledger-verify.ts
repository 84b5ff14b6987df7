import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadBundle } from '@licita/ledger';
import { type LedgerBundle, verifyBundle } from '@licita/ledger';

const USAGE = `usage: npm run ledger:verify -- <bundle-file | https://licita.example> [--key <base64 public key>] [--save <file>] [--known <older bundle file>]

Checks Licita's public ledger with no database: recomputes every event's leaf hash from its public form, the
hash chain, the Merkle root and Ed25519 signature of every checkpoint, and that each checkpoint extends the
previous one. Given a URL it downloads everything first (--save keeps it as a bundle file to check again
later). --key pins the key you got from elsewhere instead of trusting the one the server publishes. --known
checks that the log still matches the checkpoints of a bundle you saved before: not even the key's holder
can rewrite history without breaking those.
Exit code 0: intact; 1: tampering found (the first changed position is printed); 2: could not check.`;

/** The command, testable: writes its report to `out`, returns the exit code. */
export async function run(argv: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      save: { type: 'string' },
      known: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || positionals.length !== 1) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  let bundle: LedgerBundle;
  let known: LedgerBundle | undefined;
  try {
    bundle = await loadBundle(positionals[0], (message) => out(`… ${message}`));
    known = values.known === undefined ? undefined : await loadBundle(values.known);
  } catch (error) {
    out(`cannot read the ledger: ${(error as Error).message}`);
    return 2;
  }
  if (values.save) await writeFile(values.save, JSON.stringify(bundle));
  const report = verifyBundle(bundle, { trustedKey: values.key, known: known?.checkpoints });
  const counts = `${report.events} events, ${report.checkpoints} checkpoints (${report.covered} events under a signed checkpoint), ${report.revealed} revealed drafts`;
  if (report.ok) {
    out(`OK: ${counts}; every leaf, link, root, signature and consistency proof checks out`);
    return 0;
  }
  out(`TAMPERED: ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} over ${counts}`);
  for (const finding of report.findings.slice(0, 50)) out(`  - ${finding.message}`);
  if (report.findings.length > 50) out(`  … and ${report.findings.length - 50} more`);
  if (report.firstTamperedPosition !== undefined) out(`first tampered position: ${report.firstTamperedPosition}`);
  return 1;
}

if (require.main === module) {
  run(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`ledger:verify failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}

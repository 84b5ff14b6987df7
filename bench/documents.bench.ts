import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  createReadStream,
  createWriteStream,
  fsyncSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startApiProcess, type ApiProcess } from './api-process';
import { numberFlags, resultOf, round, type Benchmark, type BenchRow } from './harness';

/**
 * Documents (issue #17): a 50 MB file uploaded through `POST /api/documents` (multipart, streamed to the
 * filesystem store) and downloaded from `GET /api/documents/{id}/content`, each as a ratio to copying the same
 * file on the same disk in the same run (a read-write stream copy with fsync, which is what the store must do at
 * the least, and the kernel's copy_file_range as the floor). The API runs as `npm start` does (embedded
 * PostgreSQL, filesystem store) in a child process; its peak resident memory says whether the bytes streamed
 * or were held.
 */
export const documentsBenchmark: Benchmark = {
  name: 'documents',
  description: 'upload and download of a 50 MB file through the API vs copying it on disk, same run',
  async run(args) {
    const { mb, rounds } = numberFlags(args, { mb: 50, rounds: 3 });
    const folder = mkdtempSync(join(tmpdir(), 'licita-documents-bench-'));
    chmodSync(folder, 0o755); // the embedded server runs as the postgres user, who must reach the data folder
    const file = join(folder, 'file.bin');
    // A PDF header (the API accepts only the types it recognizes) over random bytes that do not compress.
    writeFileSync(file, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(mb * 1024 * 1024 - 9)]));
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    const api = await startApiProcess({ LICITA_DATA_DIR: join(folder, 'data') }, { role: 'all' });
    try {
      const token = await aSupplierToken(api);
      const before = residentMb(api.pid);
      const best = async (measure: (round: number) => Promise<void>) => {
        let fastest = Infinity;
        for (let r = 0; r < rounds; r++) {
          const started = process.hrtime.bigint();
          await measure(r);
          fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e9);
        }
        return fastest;
      };
      const streamCopy = await best((r) => copyWithFsync(file, join(folder, `copy-${r}.bin`)));
      const kernelCopy = await best((r) => copyFile(file, join(folder, `kernel-${r}.bin`)));
      let documentId = '';
      // Each round uploads different bytes (the last byte changed) so that none is deduplicated.
      const upload = await best(async (r) => {
        documentId = await uploadFile(api, token, file, r);
      });
      const download = await best(async () => {
        const got = await downloadFile(api, token, documentId);
        if (got.size !== mb * 1024 * 1024) throw new Error(`downloaded ${got.size} bytes`);
      });
      const peak = peakResidentMb(api.pid);
      const row = (operation: string, seconds: number): BenchRow => ({
        operation,
        seconds: round(seconds, 3),
        'MB/s': round(mb / seconds, 1),
        'vs disk copy (stream + fsync)': `${round(seconds / streamCopy, 2)}×`,
      });
      return resultOf(
        this,
        [
          row('disk copy: read stream → write stream + fsync', streamCopy),
          row('disk copy: kernel (copy_file_range)', kernelCopy),
          row(`upload POST /api/documents (${mb} MB, multipart)`, upload),
          row(`download GET /api/documents/{id}/content`, download),
        ],
        `Best of ${rounds} rounds each, one run, one machine; file SHA-256 ${sha256.slice(0, 12)}…. Resident memory of the API process: ${before} MB before the transfers, ${peak} MB at its peak over the whole run (the file is ${mb} MB; a transfer held in memory would add at least that).`,
        'The upload pays for parsing multipart, hashing (SHA-256), sniffing the type, fsync and the event append; the download for the read, the HTTP framing and the client hashing what it gets.',
      );
    } finally {
      await api.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

async function copyWithFsync(from: string, to: string): Promise<void> {
  await pipeline(createReadStream(from), createWriteStream(to));
  const fd = openSync(to, 'r');
  fsyncSync(fd);
  closeSync(fd);
}

async function json(api: ApiProcess, method: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** A supplier registers itself (the only way a supplier account is made) and signs in. */
async function aSupplierToken(api: ApiProcess): Promise<string> {
  const email = `bench-${Date.now()}@documentos.example.mx`;
  const password = 'una contraseña larga de banco';
  // The classifier is imported in the background on a first start: register once it knows the code.
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await register(api, email, password);
      break;
    } catch (error) {
      if (!String(error).includes('classifier.unknown_code') || Date.now() > deadline) throw error;
      await new Promise((retry) => setTimeout(retry, 1_000));
    }
  }
  const login = await json(api, 'POST', '/api/auth/login', { email, password });
  return login.accessToken as string;
}

function register(api: ApiProcess, email: string, password: string) {
  return json(api, 'POST', '/api/suppliers', {
    rfc: 'EKU9003173C9',
    legalName: 'Escuela Kemper Urgate, S.A. de C.V.',
    personType: 'legal_entity',
    size: 'small',
    address: { street: 'Av. Juárez 100', municipality: 'Guadalajara', state: 'MX-JAL', postalCode: '44100' },
    contact: { name: 'Ana Pérez', email, phone: '+52 33 1234 5678' },
    classifierCodes: ['45210000-2'],
    account: { email, password },
  });
}

/** Streams `file` as one multipart part (its last byte replaced by `variant`), without holding it in memory. */
function uploadFile(api: ApiProcess, token: string, file: string, variant: number): Promise<string> {
  const boundary = `licita-bench-${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="anexo-tecnico.pdf"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const body = new PassThrough();
  return new Promise((done, failed) => {
    const url = new URL('/api/documents', api.url);
    const call = request(
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { documentId?: string };
          if (response.statusCode !== 201 || !answer.documentId)
            failed(new Error(`upload: ${response.statusCode} ${JSON.stringify(answer)}`));
          else done(answer.documentId);
        });
      },
    );
    call.on('error', failed);
    body.pipe(call);
    void (async () => {
      body.write(head);
      let held: Buffer | undefined;
      for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
        if (held && !body.write(held)) await new Promise((drained) => body.once('drain', drained));
        held = chunk;
      }
      if (held) body.write(Buffer.concat([held.subarray(0, held.length - 1), Buffer.from([variant & 0xff])]));
      body.end(tail);
    })().catch(failed);
  });
}

async function downloadFile(api: ApiProcess, token: string, documentId: string): Promise<{ size: number }> {
  const response = await fetch(`${api.url}/api/documents/${documentId}/content`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok || !response.body) throw new Error(`download: ${response.status}`);
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of Readable.fromWeb(response.body)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  hash.digest();
  return { size };
}

/** VmHWM of a process: the most resident memory it ever held, in MB. */
const peakResidentMb = (pid: number) => statusMb(pid, 'VmHWM');
/** VmRSS of a process: its resident memory now, in MB. */
const residentMb = (pid: number) => statusMb(pid, 'VmRSS');

function statusMb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return round(kb / 1024, 0);
}

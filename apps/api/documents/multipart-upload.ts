import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { documentProblem, type IncomingFile } from '@licita/documents';

const noFile = () => documentProblem('document.no_file', 'send the file as multipart/form-data, in one file field');

/**
 * Streams the one file of a multipart/form-data request to `handle` as it arrives (never buffered whole).
 * No file: `document.no_file`; more than one: `document.too_many_files` (the handler sees it through
 * `requestRead` and keeps nothing). Whatever the outcome, the rest of the request is read and discarded, so the
 * answer reaches the client.
 */
export async function receiveOneFile<T>(
  request: IncomingMessage,
  handle: (file: IncomingFile) => Promise<T>,
): Promise<T> {
  if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) throw noFile();
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: { files: 1, fields: 20, parts: 30 }, defParamCharset: 'utf8' });
  } catch {
    throw noFile(); // no boundary, or a malformed header
  }
  const requestRead = new Promise<void>((resolve, reject) => {
    parser.on('close', resolve);
    parser.on('error', () => reject(noFile()));
    parser.on('filesLimit', () => reject(documentProblem('document.too_many_files', 'send one file per request')));
  });
  requestRead.catch(() => undefined); // observed by the handler, or below
  const outcome = new Promise<T>((resolve, reject) => {
    let started = false;
    parser.on('file', (_field, stream, info) => {
      if (started) return stream.resume();
      started = true;
      handle({ fileName: info.filename ?? '', stream, requestRead }).then(resolve, reject);
    });
    requestRead.then(() => {
      if (!started) reject(noFile());
    }, reject);
  });
  request.pipe(parser);
  try {
    return await outcome;
  } finally {
    if (!request.readableEnded) {
      request.unpipe(parser);
      request.resume();
    }
  }
}

import type { Party } from '../tendering/tendering-api';
import { aPdf, codeOf, DocumentsWorld, sha256, type StoreKind } from './documents-api';

const MAX_BYTES = 64 * 1024;

describe.each<StoreKind>(['filesystem', 's3'])('documents through the %s store', (kind) => {
  let world: DocumentsWorld;
  let buyer: Party;
  let colleague: Party;
  let supplier: Party;
  let otherSupplier: Party;

  beforeAll(async () => {
    world = await DocumentsWorld.start(kind, { DOCUMENTS_MAX_BYTES: String(MAX_BYTES) });
    const unit = await world.world.buyingUnit();
    buyer = await world.world.buyer(unit);
    colleague = await world.world.buyer(unit);
    supplier = await world.world.supplier('Papelería Norte');
    otherSupplier = await world.world.supplier('Papelería Sur');
  }, 180_000);
  afterAll(() => world?.close());

  it('stores an upload and gives the same bytes back, with its metadata', async () => {
    const bytes = aPdf();
    const uploaded = await world.upload(supplier, [
      { name: 'Propuesta técnica – año 2026.pdf', bytes, type: 'image/png' },
    ]);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toEqual({
      documentId: expect.any(String),
      sha256: sha256(bytes),
      size: bytes.length,
      mediaType: 'application/pdf',
      fileName: 'Propuesta técnica – año 2026.pdf',
      position: expect.stringMatching(/^\d+$/),
    });
    const { documentId } = uploaded.body;

    const metadata = await world.get(supplier, `/api/documents/${documentId}`);
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toMatchObject({
      documentId,
      sha256: sha256(bytes),
      uploadedBy: { supplierId: supplier.supplierId },
    });

    const content = await world.get(supplier, `/api/documents/${documentId}/content`);
    expect(content.status).toBe(200);
    expect(Buffer.from(await content.arrayBuffer())).toEqual(bytes);
    expect(content.headers.get('content-type')).toBe('application/pdf');
    expect(content.headers.get('etag')).toBe(`"${sha256(bytes)}"`);
    expect(content.headers.get('accept-ranges')).toBe('bytes');
    expect(content.headers.get('cache-control')).toBe('private, no-store');
    expect(content.headers.get('content-disposition')).toBe(
      `attachment; filename="Propuesta tecnica _ ano 2026.pdf"; filename*=UTF-8''${encodeURIComponent('Propuesta técnica – año 2026.pdf')}`,
    );
  });

  it('answers ranges, 416 past the end, and 304 for the entity tag the client has', async () => {
    const bytes = aPdf();
    const { body } = await world.upload(buyer, [{ name: 'bases.pdf', bytes }]);
    const path = `/api/documents/${body.documentId}/content`;

    const part = await world.get(buyer, path, { Range: 'bytes=5-14' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 5-14/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(5, 15));

    const tail = await world.get(buyer, path, { Range: 'bytes=-6' });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).toString()).toBe('%%EOF\n');

    const past = await world.get(buyer, path, { Range: `bytes=${bytes.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    expect(await codeOf(past)).toBe('document.range_not_satisfiable');

    const cached = await world.get(buyer, path, { 'If-None-Match': `"${sha256(bytes)}"` });
    expect(cached.status).toBe(304);
  });

  it('lets the whole buying unit read its upload, and nobody else', async () => {
    const { body } = await world.upload(buyer, [{ name: 'anexo.pdf', bytes: aPdf() }]);
    expect((await world.get(colleague, `/api/documents/${body.documentId}/content`)).status).toBe(200);
    for (const stranger of [otherSupplier, supplier, undefined]) {
      const metadata = await world.get(stranger, `/api/documents/${body.documentId}`);
      expect(metadata.status).toBe(404);
      expect(await codeOf(metadata)).toBe('document.not_found');
      expect((await world.get(stranger, `/api/documents/${body.documentId}/content`)).status).toBe(404);
    }
  });

  it('stores the same bytes once for two documents', async () => {
    const bytes = aPdf();
    const first = await world.upload(supplier, [{ name: 'a.pdf', bytes }]);
    const second = await world.upload(otherSupplier, [{ name: 'b.pdf', bytes }]);
    expect(second.body.documentId).not.toBe(first.body.documentId);
    expect(second.body.sha256).toBe(first.body.sha256);
    const content = await world.get(otherSupplier, `/api/documents/${second.body.documentId}/content`);
    expect(Buffer.from(await content.arrayBuffer())).toEqual(bytes);
  });

  it('refuses a file past DOCUMENTS_MAX_BYTES with 413', async () => {
    const bytes = Buffer.concat([aPdf(), Buffer.alloc(MAX_BYTES, 0x20)]);
    const refused = await world.upload(supplier, [{ name: 'enorme.pdf', bytes }]);
    expect(refused.status).toBe(413);
    expect(refused.body.code).toBe('document.too_large');
  });

  it('tells the type from the content, whatever the name and header say', async () => {
    const executable = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);
    const refused = await world.upload(supplier, [{ name: 'factura.pdf', bytes: executable, type: 'application/pdf' }]);
    expect(refused.status).toBe(415);
    expect(refused.body.code).toBe('document.unsupported_media_type');

    const csv = await world.upload(supplier, [{ name: 'precios.exe', bytes: Buffer.from('partida,precio\n1,100\n') }]);
    expect(csv.status).toBe(201);
    expect(csv.body.mediaType).toBe('text/plain; charset=utf-8');
  });

  it('wants exactly one file, sent as multipart/form-data', async () => {
    const none = await world.upload(supplier, []);
    expect([none.status, none.body.code]).toEqual([400, 'document.no_file']);

    const two = await world.upload(supplier, [
      { name: 'a.pdf', bytes: aPdf() },
      { name: 'b.pdf', bytes: aPdf() },
    ]);
    expect([two.status, two.body.code]).toEqual([400, 'document.too_many_files']);

    const token = await world.token(supplier);
    const json = await fetch(`${world.url}/api/documents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect([json.status, await codeOf(json)]).toEqual([400, 'document.no_file']);
  });

  it('takes uploads from buyers and suppliers only', async () => {
    const anonymous = await world.upload(undefined, [{ name: 'a.pdf', bytes: aPdf() }]);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'auth.unauthenticated']);
    const auditor = await world.world.auditor();
    const refused = await world.upload(auditor, [{ name: 'a.pdf', bytes: aPdf() }]);
    expect([refused.status, refused.body.code]).toEqual([403, 'auth.forbidden']);
  });

  it('answers 404 for a document that does not exist', async () => {
    const missing = await world.get(supplier, '/api/documents/3f1c9a52-7c1e-4b4f-9d55-0a1e2b3c4d5e/content');
    expect(missing.status).toBe(404);
    expect(await codeOf(missing)).toBe('document.not_found');
  });
});

import { aPdf, codeOf, DocumentsWorld, sha256 } from '../documents/documents-api';
import type { Party } from '../tendering/tendering-api';

/**
 * A pending supplier attaches the documents a Mexican register asks for (constancia de situación fiscal...), and the
 * registrar reads and downloads them before deciding; they are personal data: nobody else reads them.
 */
describe('supplier documents for the registrar', () => {
  let world: DocumentsWorld;
  let supplier: Party;
  let otherSupplier: Party;
  let registrar: Party;
  let auditor: Party;
  let buyer: Party;

  beforeAll(async () => {
    world = await DocumentsWorld.start('filesystem');
    supplier = await world.world.supplier('Papelería Norte', { verified: false });
    otherSupplier = await world.world.supplier('Papelería Sur', { verified: false });
    registrar = await world.world.registrar();
    auditor = await world.world.auditor();
    buyer = await world.world.buyer(await world.world.buyingUnit());
  }, 180_000);
  afterAll(() => world?.close());

  const upload = async (party: Party, name: string, bytes = aPdf()) => {
    const uploaded = await world.upload(party, [{ name, bytes }]);
    expect(uploaded.status).toBe(201);
    return { ...(uploaded.body as { documentId: string; sha256: string; mediaType: string }), bytes };
  };

  it('lets the supplier attach its constancia, and the registrar and the auditor read and download it', async () => {
    const constancia = await upload(supplier, 'Constancia de situación fiscal.pdf');
    const attached = await supplier.post(`/api/suppliers/${supplier.supplierId}/documents`, {
      documents: [{ kind: 'constancia_situacion_fiscal', documentId: constancia.documentId }],
    });
    expect(attached.status).toBe(200);
    const expected = {
      kind: 'constancia_situacion_fiscal',
      documentId: constancia.documentId,
      sha256: sha256(constancia.bytes),
      mediaType: 'application/pdf',
      size: constancia.bytes.length,
      name: 'Constancia de situación fiscal.pdf',
    };
    expect(attached.body).toEqual({ supplierId: supplier.supplierId, status: 'pending', documents: [expected] });

    for (const reader of [registrar, auditor, supplier]) {
      const listed = await reader.get(`/api/suppliers/${supplier.supplierId}/documents`);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual([expected]);
      const content = await world.get(
        reader,
        `/api/suppliers/${supplier.supplierId}/documents/${constancia.documentId}/content`,
      );
      expect(content.status).toBe(200);
      expect(content.headers.get('content-type')).toBe('application/pdf');
      expect(content.headers.get('cache-control')).toBe('private, no-store');
      expect(Buffer.from(await content.arrayBuffer())).toEqual(constancia.bytes);
    }

    const history = await registrar.get(`/api/suppliers/${supplier.supplierId}/history`);
    expect(history.body.map((entry: { type: string }) => entry.type)).toContain('SupplierDocumentsAttached');

    // The registrar decides after reading them.
    const verified = await registrar.post(`/api/suppliers/${supplier.supplierId}/verify`);
    expect(verified.status).toBe(200);
    const late = await upload(supplier, 'Comprobante.pdf');
    const closed = await supplier.post(`/api/suppliers/${supplier.supplierId}/documents`, {
      documents: [{ kind: 'comprobante_domicilio', documentId: late.documentId }],
    });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('supplier.documents_closed');
  });

  it('refuses them to the public, buyers and other suppliers', async () => {
    const acta = await upload(otherSupplier, 'Acta constitutiva.pdf');
    const attached = await otherSupplier.post(`/api/suppliers/${otherSupplier.supplierId}/documents`, {
      documents: [{ kind: 'acta_constitutiva', documentId: acta.documentId, name: 'Acta' }],
    });
    expect(attached.status).toBe(200);
    const list = `/api/suppliers/${otherSupplier.supplierId}/documents`;
    const content = `${list}/${acta.documentId}/content`;
    for (const reader of [undefined, buyer, supplier]) {
      const listed = await world.get(reader, list);
      expect(listed.status).toBe(404);
      expect(await codeOf(listed)).toBe('supplier.not_found');
      const bytes = await world.get(reader, content);
      expect(bytes.status).toBe(404);
      expect(await codeOf(bytes)).toBe('supplier.not_found');
    }
    // Nor through the documents endpoint: the file stays private to its uploader's party.
    const direct = await world.get(supplier, `/api/documents/${acta.documentId}/content`);
    expect(direct.status).toBe(404);
    const unknown = await world.get(registrar, `${list}/no-such-document/content`);
    expect(unknown.status).toBe(404);
    expect(await codeOf(unknown)).toBe('supplier.document_not_found');
  });

  it('refuses documents another party uploaded, never uploaded, mismatched, of an unknown kind, or for someone else', async () => {
    const path = `/api/suppliers/${otherSupplier.supplierId}/documents`;
    const theirs = await upload(supplier, 'ajeno.pdf');
    const notOwned = await otherSupplier.post(path, {
      documents: [{ kind: 'otro', documentId: theirs.documentId }],
    });
    expect(notOwned.status).toBe(403);
    expect(notOwned.body.code).toBe('supplier.document_not_owned');

    const buyers = await upload(buyer, 'bases.pdf');
    const fromBuyer = await otherSupplier.post(path, { documents: [{ kind: 'otro', documentId: buyers.documentId }] });
    expect(fromBuyer.status).toBe(403);
    expect(fromBuyer.body.code).toBe('supplier.document_not_owned');

    const never = await otherSupplier.post(path, { documents: [{ kind: 'otro', documentId: 'never-uploaded' }] });
    expect(never.status).toBe(422);
    expect(never.body.code).toBe('supplier.document_not_uploaded');

    const own = await upload(otherSupplier, 'poder.pdf');
    const mismatch = await otherSupplier.post(path, {
      documents: [{ kind: 'poder_representante', documentId: own.documentId, sha256: 'b'.repeat(64) }],
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.code).toBe('supplier.document_mismatch');

    const badKind = await otherSupplier.post(path, { documents: [{ kind: 'rfc', documentId: own.documentId }] });
    expect(badKind.status).toBe(400);

    const forSomeoneElse = await supplier.post(path, { documents: [{ kind: 'otro', documentId: theirs.documentId }] });
    expect(forSomeoneElse.status).toBe(403);
    expect(forSomeoneElse.body.code).toBe('auth.forbidden');

    const anonymous = await world.world.anonymous('POST', path, {
      documents: [{ kind: 'otro', documentId: own.documentId }],
    });
    expect(anonymous.status).toBe(401);

    const listed = await registrar.get(path);
    expect(listed.body.map((d: { name: string }) => d.name)).toEqual(['Acta']);
  });
});

/**
 * A supplier's documents for the registrar (constancia de situación fiscal, acta constitutiva…): chosen one per
 * kind, uploaded (POST /api/documents) once the supplier has its session, then attached to its record
 * (POST /api/suppliers/{id}/documents). They are personal data: read back only by the registrar, the auditor and
 * the supplier itself, through GET /api/suppliers/{id}/documents and its `content`.
 */
import { useState } from 'preact/hooks';
import { api, downloadFile, get, uploadFile } from '../api';
import { t } from '../i18n';
import { errorText, Loaded, useAsync } from './ui';

export const SUPPLIER_DOCUMENT_KINDS = {
  constancia_situacion_fiscal: 'Constancia de situación fiscal (SAT)',
  acta_constitutiva: 'Acta constitutiva (personas morales)',
  identificacion_representante: 'Identificación oficial del representante legal',
  poder_representante: 'Poder del representante legal',
  comprobante_domicilio: 'Comprobante de domicilio',
  otro: 'Otro documento',
} as const;
export type SupplierDocumentKind = keyof typeof SUPPLIER_DOCUMENT_KINDS;
export type ChosenFiles = Partial<Record<SupplierDocumentKind, File>>;

export type SupplierDocument = {
  kind: SupplierDocumentKind;
  documentId: string;
  sha256: string;
  mediaType: string;
  size: number;
  name: string;
};

const kindLabel = (kind: string) => t(SUPPLIER_DOCUMENT_KINDS[kind as SupplierDocumentKind] ?? kind);

/** One file input per kind; nothing is uploaded yet (a registration is sent before its account exists). */
export function SupplierDocumentFiles({ value, onChange }: { value: ChosenFiles; onChange: (v: ChosenFiles) => void }) {
  return (
    <fieldset data-testid="supplier-document-files">
      <legend>{t('Documentos para la verificación')}</legend>
      <small class="muted">
        {t('PDF o imagen; la unidad registradora los revisa antes de verificar tu registro.')}
      </small>
      {(Object.keys(SUPPLIER_DOCUMENT_KINDS) as SupplierDocumentKind[]).map((kind) => (
        <div class="field">
          <label class="field-label" for={`supplier-document-${kind}`}>
            {kindLabel(kind)}
          </label>
          <input
            id={`supplier-document-${kind}`}
            type="file"
            accept="application/pdf,image/png,image/jpeg"
            onChange={(event) => {
              const file = (event.target as HTMLInputElement).files?.[0];
              const next = { ...value };
              if (file) next[kind] = file;
              else delete next[kind];
              onChange(next);
            }}
          />
        </div>
      ))}
    </fieldset>
  );
}

/** Uploads the chosen files as the signed-in supplier and attaches them to its record; nothing when none. */
export async function attachChosenFiles(supplierId: string, files: ChosenFiles): Promise<void> {
  const chosen = Object.entries(files) as Array<[SupplierDocumentKind, File]>;
  if (chosen.length === 0) return;
  const documents = [];
  for (const [kind, file] of chosen) {
    const receipt = await uploadFile<{ documentId: string; sha256: string; mediaType: string }>('/api/documents', file);
    documents.push({ kind, documentId: receipt.documentId, sha256: receipt.sha256, name: file.name });
  }
  await api('POST', `/api/suppliers/${encodeURIComponent(supplierId)}/documents`, { documents });
}

/** The supplier's documents, each with its kind and a download (for the registrar, the auditor and itself). */
export function SupplierDocumentsList({ supplierId, version = 0 }: { supplierId: string; version?: number }) {
  const path = `/api/suppliers/${encodeURIComponent(supplierId)}/documents`;
  const documents = useAsync(() => get<SupplierDocument[]>(path), [supplierId, version]);
  const [error, setError] = useState<string | null>(null);
  return (
    <Loaded state={documents}>
      {(list) =>
        list.length === 0 ? (
          <span class="muted" data-testid="supplier-documents-none">
            {t('El proveedor aún no adjunta documentos.')}
          </span>
        ) : (
          <>
            <ul data-testid="supplier-documents">
              {list.map((d) => (
                <li>
                  {kindLabel(d.kind)}: {d.name}{' '}
                  <span class="muted small">
                    ({Math.ceil(d.size / 1024)} KB · <span class="mono">{d.sha256.slice(0, 12)}…</span>)
                  </span>{' '}
                  <button
                    type="button"
                    class="link"
                    onClick={() =>
                      downloadFile(`${path}/${encodeURIComponent(d.documentId)}/content`, d.name).catch((failure) =>
                        setError(errorText(failure)),
                      )
                    }
                  >
                    {t('Descargar')}
                  </button>
                </li>
              ))}
            </ul>
            {error && (
              <p class="error" role="alert">
                {error}
              </p>
            )}
          </>
        )
      }
    </Loaded>
  );
}

/** While pending or rejected: the supplier adds documents (one per kind) and sees those it sent. */
export function MySupplierDocuments({ supplierId, onSent }: { supplierId: string; onSent?: () => void }) {
  const [files, setFiles] = useState<ChosenFiles>({});
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await attachChosenFiles(supplierId, files);
      setFiles({});
      setVersion((v) => v + 1);
      onSent?.();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="my-supplier-documents">
      <SupplierDocumentsList supplierId={supplierId} version={version} />
      <SupplierDocumentFiles key={version} value={files} onChange={setFiles} />
      <button type="button" disabled={busy || Object.keys(files).length === 0} onClick={send}>
        {busy ? t('Subiendo…') : t('Enviar documentos')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

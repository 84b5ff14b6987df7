/**
 * Documents are uploaded as they are chosen (a tender's annexes to the document store; a proposal's files sealed
 * for its tender) and named by what the upload answered: id, name, type told from the content, SHA-256.
 */
import type { DocumentRef as TenderDocument, ProposalContent } from '@licita/tendering';
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { errorText } from './ui';

/** A tender's document; a proposal's also says its kind. */
export type DocumentRef = TenderDocument & { kind?: ProposalContent['documents'][number]['kind'] };

/** What an upload answers (POST /api/documents, or a tender's proposal-files). */
export type UploadReceipt = Pick<TenderDocument, 'documentId' | 'fileName' | 'mediaType' | 'sha256'>;

export function DocumentsInput({
  value,
  onChange,
  upload,
  hint,
  withKind = false,
  id,
}: {
  value: DocumentRef[];
  onChange: (docs: DocumentRef[]) => void;
  upload: (file: File) => Promise<UploadReceipt>;
  hint: string;
  withKind?: boolean;
  id: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const add = async (event: Event) => {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    setBusy(true);
    setError(null);
    try {
      const added: DocumentRef[] = [];
      for (const file of files) {
        const receipt = await upload(file);
        added.push({
          documentId: receipt.documentId,
          title: file.name.replace(/\.[^.]+$/, ''),
          fileName: receipt.fileName,
          mediaType: receipt.mediaType,
          sha256: receipt.sha256,
          ...(withKind ? { kind: 'technical' as const } : {}),
        });
      }
      onChange([...value, ...added]);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
      input.value = '';
    }
  };
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {t('Documentos')}
      </label>
      <input id={id} type="file" multiple onChange={add} disabled={busy} />
      <small class="muted">{busy ? t('Subiendo…') : hint}</small>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {value.length > 0 && (
        <ul data-testid={`${id}-list`}>
          {value.map((doc, index) => (
            <DocumentLine
              doc={doc}
              withKind={withKind}
              onChange={(changed) => onChange(value.map((d, i) => (i === index ? changed : d)))}
              onRemove={() => onChange(value.filter((_, i) => i !== index))}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function DocumentLine({
  doc,
  withKind,
  onChange,
  onRemove,
}: {
  doc: DocumentRef;
  withKind: boolean;
  onChange: (doc: DocumentRef) => void;
  onRemove: () => void;
}) {
  return (
    <li>
      <input
        aria-label={t('Título del documento')}
        value={doc.title}
        onInput={(e) => onChange({ ...doc, title: (e.target as HTMLInputElement).value })}
        style={{ width: 'auto' }}
      />{' '}
      {withKind && (
        <select
          aria-label={t('Tipo de documento')}
          value={doc.kind}
          onChange={(e) => onChange({ ...doc, kind: (e.target as HTMLSelectElement).value as DocumentRef['kind'] })}
          style={{ width: 'auto' }}
        >
          <option value="technical">{t('Técnico')}</option>
          <option value="legal">{t('Legal')}</option>
          <option value="economic">{t('Económico')}</option>
        </select>
      )}{' '}
      <span>{doc.fileName}</span> <span class="mono muted">{doc.sha256.slice(0, 12)}…</span>{' '}
      <button type="button" class="link" onClick={onRemove}>
        {t('Quitar')}
      </button>
    </li>
  );
}

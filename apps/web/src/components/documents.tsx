/**
 * Documents are published by their metadata and SHA-256; the file itself stays with its owner. The browser
 * hashes the chosen file locally (nothing is uploaded).
 */
import type { DocumentRef as TenderDocument, ProposalContent } from '@licita/tendering';
import { useState } from 'preact/hooks';
import { newId } from '../api';
import { t } from '../i18n';

/** A tender's document; a proposal's also says its kind. */
export type DocumentRef = TenderDocument & { kind?: ProposalContent['documents'][number]['kind'] };

async function sha256(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function DocumentsInput({
  value,
  onChange,
  withKind = false,
  id,
}: {
  value: DocumentRef[];
  onChange: (docs: DocumentRef[]) => void;
  withKind?: boolean;
  id: string;
}) {
  const [busy, setBusy] = useState(false);
  const add = async (event: Event) => {
    const files = [...((event.target as HTMLInputElement).files ?? [])];
    setBusy(true);
    const added = await Promise.all(
      files.map(async (file) => ({
        documentId: newId().slice(0, 8),
        title: file.name.replace(/\.[^.]+$/, ''),
        fileName: file.name,
        mediaType: file.type || 'application/octet-stream',
        sha256: await sha256(file),
        ...(withKind ? { kind: 'technical' as const } : {}),
      })),
    );
    setBusy(false);
    onChange([...value, ...added]);
    (event.target as HTMLInputElement).value = '';
  };
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {t('Documentos')}
      </label>
      <input id={id} type="file" multiple onChange={add} disabled={busy} />
      <small class="muted">
        {t('Se publica solo el nombre y la huella SHA-256 del archivo; el archivo no sale de tu equipo.')}
      </small>
      {value.length > 0 && (
        <ul>
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
      <span class="mono muted">{doc.sha256.slice(0, 12)}…</span>{' '}
      <button type="button" class="link" onClick={onRemove}>
        {t('Quitar')}
      </button>
    </li>
  );
}

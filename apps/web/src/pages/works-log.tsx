/**
 * The works log (bitácora electrónica de obra pública, libs/works-log) of one public-works contract. Everyone
 * reads its numbered notes, the progress over time (physical against financial, chart and table) and, for a
 * private note, its number, kind, date and legal reason only. The resident and the superintendent the log names
 * write on the same page: a note with photos or documents, an answer to the other party's note, a correction,
 * a progress report; the resident opens the log from the contract and closes it.
 */
import type { NoteView, Progress, WorksLogView } from '@licita/works-log';
import { useState } from 'preact/hooks';
import { api, currentSession, get, uploadFile } from '../api';
import { ChartCanvas, PALETTE } from '../components/chart';
import { DocumentsInput, type DocumentRef, type UploadReceipt } from '../components/documents';
import { ActionForm, Badge, Empty, ErrorBox, Loaded, Section, useAsync } from '../components/ui';
import { basisPoints, dateTime } from '../format';
import { t } from '../i18n';
import { percentToBasisPoints } from '../progress';
import { Link } from '../router';

export const KINDS: Record<string, string> = {
  opening: 'Apertura de la bitácora',
  instruction: 'Instrucción',
  request: 'Solicitud',
  progress: 'Reporte de avance',
  incident: 'Incidencia',
  answer: 'Respuesta',
  correction: 'Corrección',
  note: 'Nota',
  closing: 'Cierre de la bitácora',
};
const WRITABLE = ['instruction', 'request', 'progress', 'incident', 'note', 'correction', 'answer'];
const PARTIES = { resident: 'Residente de obra', superintendent: 'Superintendente' };

const logPath = (contractId: string) => `/api/works-logs/${encodeURIComponent(contractId)}`;
export const worksLogPage = (contractId: string) => `/contratos/${encodeURIComponent(contractId)}/bitacora`;

async function logOrNull(contractId: string): Promise<WorksLogView | null> {
  try {
    return await get<WorksLogView>(logPath(contractId));
  } catch (error) {
    if ((error as { code?: string }).code === 'works_log.not_found') return null;
    throw error;
  }
}

const upload = (file: File) => uploadFile<UploadReceipt>('/api/documents', file);
const attachmentsOf = (docs: DocumentRef[]) =>
  docs.map(({ documentId, title, fileName, mediaType, sha256 }) => ({
    documentId,
    title,
    fileName,
    mediaType,
    sha256,
  }));

export function WorksLogRoute({ contractId }: { contractId: string }) {
  const [reloads, setReloads] = useState(0);
  const log = useAsync(() => logOrNull(contractId), [contractId, reloads]);
  const reload = () => setReloads(reloads + 1);
  return (
    <div>
      <h1>{t('Bitácora de obra pública')}</h1>
      <ErrorBox error={log.error} />
      <Loaded state={log}>
        {(view) =>
          view === null ? (
            <NoLogYet contractId={contractId} onOpened={reload} />
          ) : (
            <WorksLog view={view} onWritten={reload} />
          )
        }
      </Loaded>
    </div>
  );
}

function NoLogYet({ contractId, onOpened }: { contractId: string; onOpened: () => void }) {
  const session = currentSession();
  const [superintendent, setSuperintendent] = useState('');
  const [text, setText] = useState('');
  return (
    <>
      <Empty>{t('Este contrato aún no tiene bitácora.')}</Empty>
      {session?.account.role === 'supplier' && (
        <p data-testid="works-log-own-account">
          {t('Para que el residente te nombre superintendente, dale tu cuenta: {id}', {
            id: session.account.accountId,
          })}
        </p>
      )}
      {session?.account.role === 'buyer' && (
        <Section title={t('Abrir la bitácora')} id="works-log-open">
          <p class="muted small">
            {t('Tú quedas como residente de obra; el contratista te da la cuenta de su superintendente.')}
          </p>
          <ActionForm
            submit={t('Abrir la bitácora')}
            action={() =>
              api('POST', logPath(contractId), {
                residentAccountId: session.account.accountId,
                superintendentAccountId: superintendent.trim(),
                text,
              })
            }
            onDone={onOpened}
          >
            <label class="field">
              <span class="field-label">{t('Cuenta del superintendente')}</span>
              <input value={superintendent} onInput={(e) => setSuperintendent((e.target as HTMLInputElement).value)} />
            </label>
            <label class="field">
              <span class="field-label">{t('Nota de apertura')}</span>
              <textarea value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
            </label>
          </ActionForm>
        </Section>
      )}
    </>
  );
}

function WorksLog({ view, onWritten }: { view: WorksLogView; onWritten: () => void }) {
  const me = currentSession()?.account.accountId;
  const party = !view.full
    ? null
    : me === view.residentAccountId
      ? 'resident'
      : me === view.superintendentAccountId
        ? 'superintendent'
        : null;
  const [answering, setAnswering] = useState<number | null>(null);
  return (
    <>
      <p>
        <Badge kind={view.status === 'open' ? 'good' : 'neutral'}>
          {view.status === 'open' ? t('Abierta') : t('Cerrada')}
        </Badge>{' '}
        {t('{n} notas', { n: view.noteCount })} ·{' '}
        <Link href={`/licitaciones/${encodeURIComponent(view.tenderId)}`}>{t('Ver el procedimiento')}</Link>
      </p>
      <ProgressChart view={view} />
      {party && view.status === 'open' && (
        <WriteNote
          contractId={view.contractId}
          party={party}
          answering={answering}
          onWritten={() => (setAnswering(null), onWritten())}
        />
      )}
      <Section title={t('Notas')} id="works-log-notes">
        <ol class="works-log-notes">
          {[...view.notes].reverse().map((note) => (
            <NoteItem
              note={note}
              contractId={view.contractId}
              onAnswer={
                party && note.party !== party && view.status === 'open' ? () => setAnswering(note.number) : undefined
              }
            />
          ))}
        </ol>
        <p class="muted small mono">
          {t('Huella de la última nota (SHA-256): {hash}', { hash: view.headHash ?? '—' })}
        </p>
      </Section>
      {party === 'resident' && view.status === 'open' && (
        <Section title={t('Cerrar la bitácora')} id="works-log-close">
          <CloseLog contractId={view.contractId} onClosed={onWritten} />
        </Section>
      )}
    </>
  );
}

function ProgressChart({ view }: { view: WorksLogView }) {
  const points = view.progressSeries;
  return (
    <Section title={t('Avance físico y financiero')} id="works-log-progress">
      {points.length === 0 ? (
        <Empty>{t('Aún no hay reportes de avance.')}</Empty>
      ) : (
        <>
          <ChartCanvas
            label={t('Avance físico y financiero a lo largo del tiempo')}
            config={{
              type: 'line',
              data: {
                labels: points.map((p) => dateTime(p.at)),
                datasets: [
                  {
                    label: t('Avance físico'),
                    data: points.map((p) => p.physicalBp / 100),
                    borderColor: PALETTE[0],
                    backgroundColor: PALETTE[0],
                  },
                  {
                    label: t('Avance financiero'),
                    data: points.map((p) => p.financialBp / 100),
                    borderColor: PALETTE[1],
                    backgroundColor: PALETTE[1],
                  },
                ],
              },
              options: { scales: { y: { min: 0, max: 100, ticks: { callback: (value) => `${value} %` } } } },
            }}
          />
          <table class="works-log-progress">
            <thead>
              <tr>
                <th>{t('Nota')}</th>
                <th>{t('Fecha')}</th>
                <th>{t('Avance físico')}</th>
                <th>{t('Avance financiero')}</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr>
                  <td>{p.number}</td>
                  <td>{dateTime(p.at)}</td>
                  <td>{basisPoints(p.physicalBp)}</td>
                  <td>{basisPoints(p.financialBp)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Section>
  );
}

function NoteItem({ note, contractId, onAnswer }: { note: NoteView; contractId: string; onAnswer?: () => void }) {
  return (
    <li class="works-log-note" data-testid="works-log-note" value={note.number}>
      <p>
        <strong>{t('Nota {n}', { n: note.number })}</strong> · {t(KINDS[note.kind] ?? 'Nota')} ·{' '}
        {t(PARTIES[note.party])} · {dateTime(note.writtenAt)}
        {note.refersTo !== null && <> · {t('sobre la nota {n}', { n: note.refersTo })}</>}
      </p>
      {note.confidential && (
        <p>
          <Badge kind="warn">{t('Reservada')}</Badge>{' '}
          {t('Fundamento: {basis}', { basis: note.confidential.legalBasis })}
        </p>
      )}
      {note.disclosed ? <p class="works-log-text">{note.text}</p> : <p class="muted">{t('Contenido reservado.')}</p>}
      {note.progress && (
        <p>
          {t('Avance físico')}: {basisPoints(note.progress.physicalBp)} · {t('Avance financiero')}:{' '}
          {basisPoints(note.progress.financialBp)}
        </p>
      )}
      {note.attachments.length > 0 && (
        <ul>
          {note.attachments.map((a) => (
            <li>
              <a href={`${logPath(contractId)}/attachments/${encodeURIComponent(a.documentId)}/content`}>{a.title}</a>{' '}
              <span class="muted small">{a.fileName}</span>
            </li>
          ))}
        </ul>
      )}
      {note.answeredBy.length > 0 && (
        <p class="muted small">{t('Contestada en: {list}', { list: note.answeredBy.join(', ') })}</p>
      )}
      {note.correctedBy.length > 0 && (
        <p class="muted small">{t('Corregida en: {list}', { list: note.correctedBy.join(', ') })}</p>
      )}
      {onAnswer && (
        <button type="button" class="link" onClick={onAnswer}>
          {t('Contestar la nota {n}', { n: note.number })}
        </button>
      )}
    </li>
  );
}

function WriteNote({
  contractId,
  party,
  answering,
  onWritten,
}: {
  contractId: string;
  party: 'resident' | 'superintendent';
  answering: number | null;
  onWritten: () => void;
}) {
  const [kind, setKind] = useState('note');
  const [text, setText] = useState('');
  const [refersTo, setRefersTo] = useState('');
  const [physical, setPhysical] = useState('');
  const [financial, setFinancial] = useState('');
  const [docs, setDocs] = useState<DocumentRef[]>([]);
  const [legalBasis, setLegalBasis] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const effectiveKind = answering !== null ? 'answer' : kind;
  const reference = answering ?? (refersTo.trim() ? Number(refersTo) : undefined);
  const withProgress = effectiveKind === 'progress' || (effectiveKind === 'correction' && physical !== '');
  const send = () =>
    api('POST', `${logPath(contractId)}/notes`, {
      kind: effectiveKind,
      text,
      ...(reference !== undefined ? { refersTo: reference } : {}),
      ...(withProgress
        ? {
            progress: {
              physicalBp: percentToBasisPoints(physical) ?? -1,
              financialBp: percentToBasisPoints(financial) ?? -1,
            },
          }
        : {}),
      ...(docs.length > 0 ? { attachments: attachmentsOf(docs) } : {}),
      ...(isPrivate ? { confidential: { legalBasis } } : {}),
    });
  const reset = () => {
    setText('');
    setRefersTo('');
    setPhysical('');
    setFinancial('');
    setDocs([]);
    setPrivate(false);
    setLegalBasis('');
    onWritten();
  };
  return (
    <Section
      title={answering !== null ? t('Contestar la nota {n}', { n: answering }) : t('Escribir una nota')}
      id="works-log-write"
    >
      <p class="muted small">
        {t('Firmas como {party}. Una nota no se modifica: para corregirla escribe una corrección.', {
          party: t(PARTIES[party]),
        })}
      </p>
      <ActionForm submit={t('Firmar y asentar la nota')} action={send} onDone={reset}>
        {answering === null && (
          <label class="field">
            <span class="field-label">{t('Tipo de nota')}</span>
            <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value)}>
              {WRITABLE.map((value) => (
                <option value={value}>{t(KINDS[value])}</option>
              ))}
            </select>
          </label>
        )}
        {answering === null && (effectiveKind === 'answer' || effectiveKind === 'correction') && (
          <label class="field">
            <span class="field-label">{t('Número de la nota a la que se refiere')}</span>
            <input
              inputMode="numeric"
              value={refersTo}
              onInput={(e) => setRefersTo((e.target as HTMLInputElement).value)}
            />
          </label>
        )}
        <label class="field">
          <span class="field-label">{t('Texto de la nota')}</span>
          <textarea value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
        </label>
        {(effectiveKind === 'progress' || effectiveKind === 'correction') && (
          <>
            <label class="field">
              <span class="field-label">{t('Avance físico (%)')}</span>
              <input
                inputMode="decimal"
                value={physical}
                onInput={(e) => setPhysical((e.target as HTMLInputElement).value)}
              />
            </label>
            <label class="field">
              <span class="field-label">{t('Avance financiero (%)')}</span>
              <input
                inputMode="decimal"
                value={financial}
                onInput={(e) => setFinancial((e.target as HTMLInputElement).value)}
              />
            </label>
          </>
        )}
        <DocumentsInput
          id="works-log-attachments"
          value={docs}
          onChange={setDocs}
          upload={upload}
          hint={t('Fotografías o documentos de la nota (JPEG, PNG, PDF).')}
        />
        <label class="field checkbox">
          <input
            type="checkbox"
            checked={isPrivate}
            onChange={(e) => setPrivate((e.target as HTMLInputElement).checked)}
          />{' '}
          {t('Nota reservada (el público verá solo su número, tipo, fecha y fundamento)')}
        </label>
        {isPrivate && (
          <label class="field">
            <span class="field-label">{t('Fundamento legal de la reserva')}</span>
            <input value={legalBasis} onInput={(e) => setLegalBasis((e.target as HTMLInputElement).value)} />
          </label>
        )}
      </ActionForm>
    </Section>
  );
}

function CloseLog({ contractId, onClosed }: { contractId: string; onClosed: () => void }) {
  const [text, setText] = useState('');
  return (
    <ActionForm
      submit={t('Cerrar la bitácora')}
      action={() => api('POST', `${logPath(contractId)}/close`, { text })}
      onDone={onClosed}
    >
      <label class="field">
        <span class="field-label">{t('Nota de cierre')}</span>
        <textarea value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      </label>
    </ActionForm>
  );
}

/**
 * The works log (bitácora electrónica de obra pública, libs/works-log) of one public-works contract. Everyone
 * reads its numbered notes, the progress over time (physical against financial, chart and table) and, for a
 * private note, its number, kind, date and legal reason only. The resident and the superintendent the log names
 * write on the same page: a note with photos or documents, an answer to the other party's note, a correction,
 * a progress report, each signed with the author's e.firma if they choose (or if the log requires it: the browser
 * signs, ../efirma.ts; the key never leaves it); the resident opens the log from the contract and closes it.
 * Financial progress is shown twice: as the parties report it and as paid (the contract's payments).
 */
import type { NoteView, WorksLogView } from '@licita/works-log';
import { useState } from 'preact/hooks';
import { api, currentSession, get, uploadFile } from '../api';
import { ChartCanvas, PALETTE } from '../components/chart';
import { DocumentsInput, type DocumentRef, type UploadReceipt } from '../components/documents';
import { EFIRMA_MESSAGES, EfirmaStep, NO_EFIRMA, type EfirmaChoice } from '../components/efirma-step';
import { ActionForm, Badge, Empty, ErrorBox, Loaded, Section, useAsync } from '../components/ui';
import { basisPoints, dateTime, money } from '../format';
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

type SignedContent = { contractId: string; kind: string; text: string } & Record<string, unknown>;

/**
 * The `efirma` field of a note's body, signed over the log as it is now (its next number and head hash), or none
 * when the author does not sign. A note written by someone else in between answers 409 `works_log.log_moved_on`:
 * sending again signs again.
 */
async function efirmaOf(choice: EfirmaChoice, required: boolean, note: SignedContent) {
  if (!required && !choice.enabled) return {};
  if (!choice.certificate || !choice.keyFile || !choice.password)
    throw new Error(t('Elige tu certificado (.cer), tu llave privada (.key) y escribe su contraseña.'));
  const head = await get<WorksLogView>(logPath(note.contractId));
  // Loaded when someone signs: node-forge stays out of every other page's bundle.
  const { EfirmaError, signWorksLogNote } = await import('../efirma');
  try {
    const efirma = await signWorksLogNote({
      note,
      number: head.noteCount + 1,
      previousHash: head.headHash,
      certificate: choice.certificate,
      keyFile: choice.keyFile,
      password: choice.password,
    });
    return { efirma };
  } catch (error) {
    if (error instanceof EfirmaError) throw new Error(t(EFIRMA_MESSAGES[error.reason]));
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
  const [requireSignature, setRequireSignature] = useState(false);
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
                requireSignature,
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
            <label class="field checkbox">
              <input
                type="checkbox"
                name="require-signature"
                checked={requireSignature}
                onChange={(e) => setRequireSignature((e.target as HTMLInputElement).checked)}
              />{' '}
              {t('Exigir que cada nota se firme con la e.firma de quien la escribe')}
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
        {view.signatureRequired && <>{t('Cada nota se firma con e.firma')} · </>}
        <Link href={`/licitaciones/${encodeURIComponent(view.tenderId)}`}>{t('Ver el procedimiento')}</Link>
      </p>
      <ProgressChart view={view} />
      {party && view.status === 'open' && (
        <WriteNote
          contractId={view.contractId}
          signatureRequired={view.signatureRequired}
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
          <CloseLog contractId={view.contractId} signatureRequired={view.signatureRequired} onClosed={onWritten} />
        </Section>
      )}
    </>
  );
}

/** The value in force at each instant, in percent: the last point at or before it (`before` until the first). */
function stepAt<P extends { at: string }>(
  points: P[],
  at: string,
  value: (p: P) => number | null,
  before: number | null = null,
): number | null {
  const last = points.filter((p) => p.at <= at).at(-1);
  const bp = last ? value(last) : before;
  return bp === null ? null : bp / 100;
}

function ProgressChart({ view }: { view: WorksLogView }) {
  const points = view.progressSeries;
  const paid = view.paidProgress;
  const payments = paid?.series ?? [];
  const instants = [...new Set([...points.map((p) => p.at), ...payments.map((p) => p.at)])].sort();
  return (
    <Section title={t('Avance físico y financiero')} id="works-log-progress">
      {paid && (
        <p data-testid="works-log-paid">
          {t('Pagado: {paid} de {amount} del contrato ({percent} de avance financiero pagado).', {
            paid: money(paid.paid, paid.currency),
            amount: money(paid.contractAmount, paid.currency),
            percent: basisPoints(paid.financialBp),
          })}{' '}
          {paid.reportedAbovePaid && (
            <Badge kind="warn">{t('El avance financiero reportado supera en más de 10 puntos lo pagado.')}</Badge>
          )}
        </p>
      )}
      {instants.length === 0 ? (
        <Empty>{t('Aún no hay reportes de avance.')}</Empty>
      ) : (
        <ChartCanvas
          label={t('Avance físico y financiero a lo largo del tiempo')}
          config={{
            type: 'line',
            data: {
              labels: instants.map((at) => dateTime(at)),
              datasets: [
                {
                  label: t('Avance físico'),
                  data: instants.map((at) => stepAt(points, at, (p) => p.physicalBp)),
                  borderColor: PALETTE[0],
                  backgroundColor: PALETTE[0],
                },
                {
                  label: t('Avance financiero reportado'),
                  data: instants.map((at) => stepAt(points, at, (p) => p.financialBp)),
                  borderColor: PALETTE[1],
                  backgroundColor: PALETTE[1],
                },
                {
                  label: t('Avance financiero pagado'),
                  // Nothing is paid before the first payment: the line starts at 0 (unless the amount is 0).
                  data: instants.map((at) =>
                    stepAt(payments, at, (p) => p.financialBp, paid?.financialBp === null ? null : 0),
                  ),
                  borderColor: PALETTE[2],
                  backgroundColor: PALETTE[2],
                },
              ],
            },
            options: { scales: { y: { min: 0, max: 100, ticks: { callback: (value) => `${value} %` } } } },
          }}
        />
      )}
      {points.length > 0 && (
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
      )}
      {payments.length > 0 && (
        <table class="works-log-payments">
          <thead>
            <tr>
              <th>{t('Fecha de pago')}</th>
              <th>{t('Pagado acumulado')}</th>
              <th>{t('Avance financiero pagado')}</th>
            </tr>
          </thead>
          <tbody>
            {payments.map((p) => (
              <tr>
                <td>{dateTime(p.at)}</td>
                <td>{money(p.paid, paid?.currency)}</td>
                <td>{basisPoints(p.financialBp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
      {note.signedBy && (
        <p class="small" data-testid="works-log-signed-by">
          <Badge kind="info">{t('e.firma')}</Badge>{' '}
          {t('Firmada con e.firma por {name} (certificado {serial})', {
            name: note.signedBy.name,
            serial: note.signedBy.serialNumber,
          })}
        </p>
      )}
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
  signatureRequired,
  party,
  answering,
  onWritten,
}: {
  contractId: string;
  signatureRequired: boolean;
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
  const [efirma, setEfirma] = useState<EfirmaChoice>(NO_EFIRMA);
  const effectiveKind = answering !== null ? 'answer' : kind;
  const reference = answering ?? (refersTo.trim() ? Number(refersTo) : undefined);
  const withProgress = effectiveKind === 'progress' || (effectiveKind === 'correction' && physical !== '');
  const send = async () => {
    const body = {
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
    };
    const signed = await efirmaOf(efirma, signatureRequired, { contractId, ...body });
    return api('POST', `${logPath(contractId)}/notes`, { ...body, ...signed });
  };
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
        <EfirmaStep
          value={efirma}
          onChange={setEfirma}
          required={signatureRequired}
          requiredNote={t('Esta bitácora exige firmar cada nota con tu e.firma.')}
        />
      </ActionForm>
    </Section>
  );
}

function CloseLog({
  contractId,
  signatureRequired,
  onClosed,
}: {
  contractId: string;
  signatureRequired: boolean;
  onClosed: () => void;
}) {
  const [text, setText] = useState('');
  const [efirma, setEfirma] = useState<EfirmaChoice>(NO_EFIRMA);
  const close = async () => {
    const signed = await efirmaOf(efirma, signatureRequired, { contractId, kind: 'closing', text });
    return api('POST', `${logPath(contractId)}/close`, { text, ...signed });
  };
  return (
    <ActionForm submit={t('Cerrar la bitácora')} action={close} onDone={onClosed}>
      <label class="field">
        <span class="field-label">{t('Nota de cierre')}</span>
        <textarea value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      </label>
      <EfirmaStep
        value={efirma}
        onChange={setEfirma}
        required={signatureRequired}
        requiredNote={t('Esta bitácora exige firmar cada nota con tu e.firma.')}
      />
    </ActionForm>
  );
}

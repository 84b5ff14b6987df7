/**
 * The tender page's time travel: a slider with one stop per public moment of the procedure (from its events in
 * the ledger) and a last stop for now, the same moments as buttons with each event's inclusion proof, and how
 * a journalist checks the whole record (libs/ledger/README.md, "Check the record yourself").
 */
import { ApiError, get } from '../api';
import { ErrorBox, useAsync, type Async } from '../components/ui';
import { dateTimeSeconds } from '../format';
import { t } from '../i18n';
import { momentIndex, momentsOf, type LedgerEntry, type Moment } from '../tender-as-of';

export const LEDGER = {
  events: (tenderId: string) => `/api/ledger/events?stream=${encodeURIComponent(`tender-${tenderId}`)}`,
  proof: (position: string) => `/api/ledger/proof?position=${encodeURIComponent(position)}`,
  key: '/api/ledger/key',
};

/** The public moments of the tender; none while the ledger has not sealed its stream yet (404). */
export function useMoments(tenderId: string): Async<Moment[]> {
  return useAsync(
    () =>
      get<{ entries: LedgerEntry[] }>(LEDGER.events(tenderId)).then(
        (answer) => momentsOf(answer.entries),
        (error) => (error instanceof ApiError && error.status === 404 ? [] : Promise.reject(error)),
      ),
    [tenderId],
  );
}

const EVENTS: Record<string, string> = {
  TenderPublished: 'Convocatoria publicada',
  EnquiryPeriodEnded: 'Terminó el periodo de aclaraciones',
  SubmissionPeriodEnded: 'Terminó la recepción de propuestas',
  QuestionAsked: 'Pregunta recibida',
  QuestionAnswered: 'Pregunta respondida',
  TenderAmended: 'Convocatoria modificada',
  SubmissionDeadlineExtended: 'Plazo de propuestas ampliado',
  ProposalSubmitted: 'Propuesta sellada recibida',
  ProposalReplaced: 'Propuesta sellada sustituida',
  ProposalWithdrawn: 'Propuesta retirada',
  ProposalsOpened: 'Acto de apertura',
  ProposalEvaluated: 'Propuesta evaluada',
  EvaluationCompleted: 'Evaluación concluida',
  AuctionResultRecorded: 'Resultado de la subasta registrado',
  LotDeserted: 'Partida desierta',
  TenderDeserted: 'Procedimiento desierto',
  LotAwarded: 'Partida adjudicada',
  AwardChallenged: 'Inconformidad presentada',
  ChallengeResolved: 'Inconformidad resuelta',
  AwardRevised: 'Adjudicación revisada',
  ObjectionPeriodEnded: 'Terminó el plazo de inconformidades',
  LotContracted: 'Contrato firmado',
  TenderContracted: 'Procedimiento contratado',
  LotContractClosed: 'Contrato cerrado',
  TenderCompleted: 'Procedimiento concluido',
  TenderCancelled: 'Procedimiento cancelado',
};

const eventLabel = (type: string) => (EVENTS[type] ? t(EVENTS[type]) : type);
const momentText = (moment: Moment) =>
  `${dateTimeSeconds(moment.at)} — ${moment.events.map((e) => eventLabel(e.type)).join(', ')}`;

type Props = { moments: Async<Moment[]>; asOf: string | null; onMove: (asOf: string | null) => void };

export function TimeTravel({ moments, asOf, onMove }: Props) {
  return (
    <section class="card time-travel" aria-labelledby="time-travel-title" data-testid="time-travel">
      <h2 id="time-travel-title">{t('La licitación en el tiempo')}</h2>
      <p class="small muted">
        {t('Mueve el control para ver la licitación como el público la vio en cada momento de su registro público.')}
      </p>
      {moments.error ? (
        <ErrorBox error={moments.error} />
      ) : moments.data === undefined ? null : moments.data.length === 0 ? (
        <p class="muted empty">{t('El registro público de esta licitación aún no está disponible.')}</p>
      ) : (
        <Timeline moments={moments.data} asOf={asOf} onMove={onMove} />
      )}
    </section>
  );
}

function Timeline({ moments, asOf, onMove }: { moments: Moment[]; asOf: string | null; onMove: Props['onMove'] }) {
  const nowIndex = moments.length;
  const index = asOf === null ? nowIndex : Math.max(0, momentIndex(moments, asOf));
  const textAt = (i: number) => (i === nowIndex ? t('Ahora') : momentText(moments[i]));
  const moveTo = (i: number) => onMove(i >= nowIndex ? null : moments[i].at);
  return (
    <>
      <label class="field" for="time-travel-slider">
        <span class="field-label">{t('Momento del procedimiento')}</span>
      </label>
      <input
        id="time-travel-slider"
        class="slider"
        type="range"
        min={0}
        max={nowIndex}
        step={1}
        value={index}
        aria-valuetext={textAt(index)}
        onInput={(event) => moveTo(Number(event.currentTarget.value))}
      />
      <div class="slider-ends small muted" aria-hidden="true">
        <span>{dateTimeSeconds(moments[0].at)}</span>
        <span>{t('Ahora')}</span>
      </div>
      <output for="time-travel-slider" class="slider-value">
        {textAt(index)}
      </output>
      <h3>{t('Momentos del registro ({n})', { n: moments.length })}</h3>
      <ol class="moments" data-testid="moments">
        {moments.map((moment, i) => (
          <li class={i === index ? 'selected' : i > index ? 'later' : undefined}>
            <button type="button" class="link" aria-pressed={i === index} onClick={() => moveTo(i)}>
              <time dateTime={moment.at}>{dateTimeSeconds(moment.at)}</time>
            </button>
            <ul>
              {moment.events.map((event) => (
                <li>
                  {eventLabel(event.type)} ·{' '}
                  <a
                    class="small"
                    href={LEDGER.proof(event.position)}
                    title={event.leafHash ? `SHA-256 ${event.leafHash}` : undefined}
                  >
                    {t('prueba de inclusión')} #{event.position}
                  </a>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      <HowToVerify />
    </>
  );
}

function HowToVerify() {
  const site = location.origin;
  return (
    <details class="verify">
      <summary>{t('¿Cómo comprobar que este registro no fue alterado?')}</summary>
      <p>
        {t(
          'Cada evento publicado está encadenado en un registro a prueba de alteraciones, con puntos de control firmados por la plataforma. Su «prueba de inclusión» muestra que forma parte de uno de ellos.',
        )}{' '}
        {t(
          'Un evento muy reciente puede no estar aún en un punto de control: se firma uno cada cierto número de eventos o de minutos.',
        )}
      </p>
      <ol>
        <li>
          {t(
            'Con una copia del código de Licita, revisa todo el registro en tu computadora, sin base de datos ni cuenta:',
          )}{' '}
          <code>npm run ledger:verify -- {site} --save licita-hoy.json</code>.{' '}
          {t('«OK» significa que nada cambió; si no, indica la primera posición alterada.')}
        </li>
        <li>
          {t('Guarda licita-hoy.json y vuelve a revisarlo más adelante con')} <code>--known licita-hoy.json</code>:{' '}
          {t('los eventos deben seguir dando las raíces que la plataforma firmó hoy.')}
        </li>
        <li>
          {t('Consigue la llave pública de la plataforma por otro medio (su sitio, un diario oficial) y pásala con')}{' '}
          <code>--key</code> {t('para no depender de la copia que entrega el servidor')} (
          <a href={LEDGER.key}>{LEDGER.key}</a>).
        </li>
      </ol>
      <p class="small muted">
        {t(
          'Las propuestas selladas y los datos privados nunca se publican: los cubren compromisos SHA-256, y la revisión funciona sin ellos.',
        )}
      </p>
    </details>
  );
}

/** Above the page while it shows a past moment: which one, and the way back. */
export function PastBanner({
  asOf,
  loading,
  error,
  onBack,
}: {
  asOf: string;
  loading: boolean;
  error: unknown;
  onBack: () => void;
}) {
  return (
    <div class="banner banner-past" role="status" data-testid="as-of-banner">
      <span>
        {loading
          ? t('Cargando la licitación tal como estaba el {date}…', { date: dateTimeSeconds(asOf) })
          : t('Estás viendo la licitación tal como estaba el {date} (hora de la Ciudad de México).', {
              date: dateTimeSeconds(asOf),
            })}
      </span>
      <button type="button" class="secondary" onClick={onBack}>
        {t('Volver al presente')}
      </button>
      {!!error && <ErrorBox error={error} />}
    </div>
  );
}

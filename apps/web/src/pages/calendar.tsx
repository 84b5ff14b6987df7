/**
 * The public calendar (/calendario): the dates procedures announce — questions deadline (clarification meeting),
 * proposal deadline, opening act, reverse auctions — a month at a time as an agenda, with the search's filters in
 * the address, and the same calendar to subscribe to from a calendar app (iCalendar) or a feed reader (Atom).
 */
import { get, query } from '../api';
import { BuyingUnitOptions, CodeOptions, ResultItem, useForm } from '../components/blocks';
import { AtomLink, FEEDS, inLanguage } from '../components/feeds';
import { Badge, Empty, ErrorBox, Field, InputField, Loading, useAsync } from '../components/ui';
import { dateTime, mexicoLocalToIso, TIME_ZONE } from '../format';
import { currentLanguage, label, t, tn, useLanguage } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { serverNow } from '../server-clock';

type CalendarDate = {
  id: string;
  tenderId: string;
  number: string | null;
  title: string;
  buyingUnit: { id: string; name: string | null };
  kind: 'questions_deadline' | 'submission_deadline' | 'opening' | 'auction';
  lotId: string | null;
  startsAt: string;
  endsAt: string | null;
  sequence: number;
  cancelled: boolean;
};

const KINDS: Record<CalendarDate['kind'], string> = {
  questions_deadline: 'Fecha límite de preguntas (junta de aclaraciones)',
  submission_deadline: 'Fecha límite para presentar propuestas',
  opening: 'Acto de presentación y apertura de propuestas',
  auction: 'Subasta inversa',
};

const FILTERS = ['q', 'procedureType', 'buyingUnitId', 'status'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** `YYYY-MM` of an instant in Mexico City. */
const monthOf = (instant: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit' }).format(instant);

/** `YYYY-MM-DD` of an instant in Mexico City: the agenda's day. */
const dayOf = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(iso));

const nextMonth = (month: string, by: number) => {
  const [year, m] = month.split('-').map(Number);
  const next = new Date(Date.UTC(year, m - 1 + by, 1));
  return `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, '0')}`;
};

/** "marzo de 2026" → "Marzo de 2026" (only the first letter: Spanish writes months and weekdays in lower case). */
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The search's filters as the API takes them (the same names as /api/transparency/tenders). */
const filterQuery = (filters: Filters) => query({ ...filters });

export function CalendarPage() {
  useLanguage();
  const { query: params } = useLocation();
  const month = /^\d{4}-\d{2}$/.test(params.get('mes') ?? '') ? (params.get('mes') as string) : monthOf(serverNow());
  const applied: Filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Filters;
  const filters = filterQuery(applied);
  const window = {
    from: mexicoLocalToIso(`${month}-01T00:00`),
    to: mexicoLocalToIso(`${nextMonth(month, 1)}-01T00:00`),
  };
  const dates = useAsync(() => get<CalendarDate[]>(FEEDS.calendar(query({ ...applied, ...window }))), [filters, month]);
  const { form, bind } = useForm<Filters>(applied);
  const go = (to: { month?: string; filters?: Filters }) => {
    const next = new URLSearchParams();
    for (const name of FILTERS) if ((to.filters ?? applied)[name]) next.set(name, (to.filters ?? applied)[name]!);
    next.set('mes', to.month ?? month);
    navigate(`/calendario?${next}`);
  };
  const monthName = capitalized(
    new Intl.DateTimeFormat(currentLanguage() === 'en' ? 'en-US' : 'es-MX', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${month}-15T12:00:00Z`)),
  );

  return (
    <>
      <h1>{t('Calendario de contrataciones')}</h1>
      <p class="muted">
        {t(
          'Fechas límite de preguntas, de presentación de propuestas, actos de apertura y subastas de los procedimientos públicos.',
        )}
      </p>
      <form
        class="card search-form"
        role="search"
        aria-label={t('Filtrar el calendario')}
        onSubmit={(event) => {
          event.preventDefault();
          go({ filters: form });
        }}
      >
        <div class="filters">
          <InputField label={t('Buscar en título y descripción')} type="search" {...bind('q')} />
          <Field label={t('Tipo de procedimiento')}>
            <select {...bind('procedureType')}>
              <option value="">{t('Todos')}</option>
              <CodeOptions group="procedureType" />
            </select>
          </Field>
          <Field label={t('Unidad compradora')}>
            <select {...bind('buyingUnitId')}>
              <BuyingUnitOptions none={t('Todas')} />
            </select>
          </Field>
          <Field label={t('Estado')}>
            <select {...bind('status')}>
              <option value="">{t('Todos')}</option>
              <CodeOptions group="tenderStatus" except={['draft']} />
            </select>
          </Field>
        </div>
        <button type="submit">{t('Filtrar')}</button>
      </form>

      <nav class="calendar-nav" aria-label={t('Meses')}>
        <button type="button" class="secondary" onClick={() => go({ month: nextMonth(month, -1) })}>
          ← {t('Mes anterior')}
        </button>
        <h2 data-testid="calendar-month">{monthName}</h2>
        <button type="button" class="secondary" onClick={() => go({ month: nextMonth(month, 1) })}>
          {t('Mes siguiente')} →
        </button>
      </nav>
      <p class="feeds">
        <a href={inLanguage(FEEDS.calendarIcs(filters))} data-testid="ics-link" type="text/calendar">
          {t('Suscribirse con tu aplicación de calendario (iCalendar)')}
        </a>{' '}
        <AtomLink href={FEEDS.searchAtom(filters)} title={t('Procedimientos de esta búsqueda (Atom)')} />
      </p>

      <section aria-live="polite" aria-busy={dates.loading}>
        <ErrorBox error={dates.error} />
        {dates.data === undefined && !dates.error ? (
          <Loading />
        ) : dates.data?.length === 0 ? (
          <Empty>{t('No hay fechas en este mes para la búsqueda.')}</Empty>
        ) : (
          <Agenda dates={dates.data ?? []} />
        )}
      </section>
    </>
  );
}

/** The month's dates grouped by day (Mexico City), earliest first. */
function Agenda({ dates }: { dates: CalendarDate[] }) {
  const days = new Map<string, CalendarDate[]>();
  for (const date of dates) days.set(dayOf(date.startsAt), [...(days.get(dayOf(date.startsAt)) ?? []), date]);
  return (
    <>
      <p class="muted">{tn(dates.length, '{n} fecha', '{n} fechas')}</p>
      {[...days].map(([day, onDay]) => (
        <section class="agenda-day" data-testid="agenda-day">
          <h3>
            {capitalized(
              new Intl.DateTimeFormat(currentLanguage() === 'en' ? 'en-US' : 'es-MX', {
                dateStyle: 'full',
                timeZone: 'UTC',
              }).format(new Date(`${day}T12:00:00Z`)),
            )}
          </h3>
          <ul class="results">
            {onDay.map((date) => (
              <ResultItem
                href={`/licitaciones/${encodeURIComponent(date.tenderId)}`}
                title={date.number ? `${date.number} · ${date.title}` : date.title}
                testId="calendar-date"
              >
                <strong>{t(KINDS[date.kind])}</strong>
                <span>{dateTime(date.startsAt)}</span>
                {date.cancelled && <Badge kind="bad">{label('tenderStatus', 'cancelled')}</Badge>}
                <span>
                  <Link href={`/unidades/${encodeURIComponent(date.buyingUnit.id)}`}>
                    {date.buyingUnit.name ?? date.buyingUnit.id}
                  </Link>
                </span>
              </ResultItem>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

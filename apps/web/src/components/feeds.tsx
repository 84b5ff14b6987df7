/** Ways to follow procurement without the portal open: Atom feeds, and calendars to subscribe to (libs/transparency/feeds). */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { currentLanguage, t } from '../i18n';
import { ErrorBox } from './ui';

const ATOM = 'application/atom+xml';

/** The feeds' and calendars' endpoints; `search` is a query string of the search's own parameters (`?…` or empty). */
export const FEEDS = {
  searchAtom: (search: string) => `/api/feeds/tenders.atom${search}`,
  tenderAtom: (tenderId: string) => `/api/feeds/tenders/${encodeURIComponent(tenderId)}.atom`,
  calendar: (search: string) => `/api/calendar${search}`,
  calendarIcs: (search: string) => `/api/calendar.ics${search}`,
  deskFeed: '/api/calendar/desk-feed',
};

/** `path` with the page's language as `lang=` (a feed reader or a calendar app sends no Accept-Language of ours). */
export function inLanguage(path: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}lang=${currentLanguage()}`;
}

/**
 * A visible "Atom" link to a feed, and the same feed announced in the page's head
 * (`<link rel="alternate" type="application/atom+xml">`) so browsers and feed readers find it.
 */
export function AtomLink({ href, title }: { href: string; title: string }) {
  const url = inLanguage(href);
  useEffect(() => {
    const link = document.createElement('link');
    link.rel = 'alternate';
    link.type = ATOM;
    link.title = title;
    link.href = url;
    document.head.appendChild(link);
    return () => link.remove();
  }, [url, title]);
  return (
    <a class="feed-link" href={url} type={ATOM} data-testid="atom-link" title={title}>
      <span aria-hidden="true">◉</span> Atom
    </a>
  );
}

/**
 * The desk's calendar as a secret address a calendar app subscribes to (no login there): made on request, shown
 * to copy; making a new one turns the one before off.
 */
export function DeskCalendarLink() {
  const [issued, setIssued] = useState<{ url: string; issuedAt: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const issue = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ url: string; issuedAt: string }>('POST', FEEDS.deskFeed, {});
      setIssued({ ...answer, url: inLanguage(answer.url) });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="desk-calendar" data-testid="desk-calendar">
      <p class="muted">
        {t(
          'Agrega tus fechas (preguntas, presentación y apertura de propuestas, subastas) a tu aplicación de calendario con una dirección secreta.',
        )}
      </p>
      {issued && (
        <label>
          {t('Dirección para suscribirse (no la compartas)')}
          <input readOnly value={issued.url} onFocus={(event) => (event.target as HTMLInputElement).select()} />
        </label>
      )}
      <ErrorBox error={error} />
      <button type="button" class="secondary" disabled={busy} onClick={issue}>
        {issued ? t('Generar otra dirección (la anterior deja de funcionar)') : t('Obtener dirección del calendario')}
      </button>
    </div>
  );
}

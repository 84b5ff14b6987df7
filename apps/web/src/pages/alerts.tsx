/**
 * Alerts: the follower sign-up, "Mis alertas" (address, delivery, saved searches, follows, latest alerts), the
 * page of the confirmation link, and the two buttons other pages carry: "Guardar búsqueda" (the search page's
 * current filters) and "Seguir" (a procedure, a buying unit, a supplier).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, currentSession, get, login, newId, onSessionChange } from '../api';
import { SignInLink, valueOf } from '../components/blocks';
import { FEEDS } from '../components/feeds';
import {
  ActionForm,
  Badge,
  Empty,
  ErrorBox,
  InputField,
  Loaded,
  Section,
  SelectField,
  useAsync,
} from '../components/ui';
import { dateTime } from '../format';
import { currentLanguage, t } from '../i18n';
import { Link, navigate, useLocation } from '../router';

type FollowKind = 'procedure' | 'buyingUnit' | 'supplier';
type MyAlerts = {
  subscriber: { email: string; confirmed: boolean; delivery: 'immediate' | 'daily'; language: 'es' | 'en' } | null;
  searches: Array<{ searchId: string; name: string; filters: Record<string, string | number>; createdAt: string }>;
  follows: Array<{ kind: FollowKind; id: string; createdAt: string }>;
  alerts: Array<{
    kind: string;
    status: string;
    content: { tenderId?: string; number?: string | null; title?: string | null; reason?: string };
    createdAt: string;
    sentAt: string | null;
  }>;
};

const MINE = '/api/alerts/me';
/** The public Atom feed of a saved search: the search's filters as the feeds take them. */
const searchFeedUrl = (filters: Record<string, string | number>) =>
  FEEDS.searchAtom(`?${new URLSearchParams(Object.entries(filters).map(([k, v]) => [k, String(v)]))}`);

const KINDS: Record<string, string> = {
  published: 'Nuevo procedimiento',
  amended: 'Modificación',
  answered: 'Respuesta a preguntas',
  opened: 'Apertura de proposiciones',
  awarded: 'Fallo',
  ruling: 'Resolución de inconformidad',
  contracted: 'Contrato',
  auction_reminder: 'Recordatorio de subasta',
};
const STATUSES: Record<string, string> = {
  pending: 'Por enviar',
  sent: 'Enviado',
  failed: 'No se pudo enviar',
  unconfirmed: 'Sin enviar: correo sin confirmar',
  cancelled: 'Cancelado',
};
const FOLLOWED: Record<FollowKind, string> = {
  procedure: 'Procedimiento',
  buyingUnit: 'Unidad compradora',
  supplier: 'Proveedor',
};
const followHref = (kind: FollowKind, id: string) =>
  `${{ procedure: '/licitaciones/', buyingUnit: '/unidades/', supplier: '/proveedores/' }[kind]}${encodeURIComponent(id)}`;

function useSignedIn(): boolean {
  const [signedIn, setSignedIn] = useState(currentSession() !== null);
  useEffect(() => onSessionChange(() => setSignedIn(currentSession() !== null)), []);
  return signedIn;
}

/** The follower sign-up: an account to save searches and follow procedures; alerts wait for the address's confirmation. */
export function FollowerSignUp() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signUp = async () => {
    await api(
      'POST',
      '/api/followers',
      { email: email.trim(), password, language: currentLanguage() },
      { idempotencyKey: newId(), anonymous: true },
    );
    await login(email.trim(), password);
    navigate('/alertas');
  };
  return (
    <div class="card" style={{ maxWidth: '32rem', margin: '0 auto' }}>
      <h1>{t('Crear una cuenta para recibir avisos')}</h1>
      <p>
        {t(
          'Para periodistas, ciudadanos y cualquier persona: guarde búsquedas y siga procedimientos, unidades compradoras o proveedores, y reciba avisos por correo.',
        )}
      </p>
      <ActionForm action={signUp} submit={t('Crear cuenta')}>
        <InputField
          label={t('Correo electrónico')}
          type="email"
          name="email"
          autocomplete="username"
          required
          value={email}
          onInput={(event) => setEmail(valueOf(event))}
        />
        <InputField
          label={t('Contraseña')}
          hint={t('Entre 12 y 128 caracteres.')}
          type="password"
          name="password"
          autocomplete="new-password"
          minLength={12}
          maxLength={128}
          required
          value={password}
          onInput={(event) => setPassword(valueOf(event))}
        />
      </ActionForm>
      <p class="small">
        {t('Le enviaremos un enlace para confirmar su correo; no recibirá avisos antes de confirmarlo.')}
      </p>
    </div>
  );
}

/** The page the confirmation e-mail links to: one button, so that a link scanner confirms nothing by itself. */
export function ConfirmAlerts() {
  const { query } = useLocation();
  const [done, setDone] = useState(false);
  if (done)
    return (
      <div class="card">
        <h1>{t('Correo confirmado')}</h1>
        <p>
          {t('Desde ahora recibirá sus avisos por correo.')} <Link href="/alertas">{t('Mis alertas')}</Link>
        </p>
      </div>
    );
  return (
    <div class="card" style={{ maxWidth: '32rem', margin: '0 auto' }}>
      <h1>{t('Confirmar mi correo')}</h1>
      <ActionForm
        action={() => api('POST', '/api/alerts/confirm', { token: query.get('token') ?? '' }, { anonymous: true })}
        onDone={() => setDone(true)}
        submit={t('Confirmar mi correo')}
      />
    </div>
  );
}

/** "Mis alertas": the address and its confirmation, the delivery, the saved searches and follows, the latest alerts. */
export function MyAlertsPage() {
  const signedIn = useSignedIn();
  const mine = useAsync(() => (signedIn ? get<MyAlerts>(MINE) : Promise.resolve(null)), [signedIn]);
  if (!signedIn)
    return (
      <div class="card">
        <h1>{t('Mis alertas')}</h1>
        <p>
          <SignInLink>{t('Entre')}</SignInLink> {t('o')}{' '}
          <Link href="/alertas/registro">{t('cree una cuenta para recibir avisos')}</Link>.
        </p>
      </div>
    );
  return (
    <>
      <h1>{t('Mis alertas')}</h1>
      <Loaded state={mine}>
        {(data) =>
          data && (
            <>
              <Delivery data={data} reload={mine.reload} />
              <Searches data={data} reload={mine.reload} />
              <Follows data={data} reload={mine.reload} />
              <LatestAlerts data={data} />
            </>
          )
        }
      </Loaded>
    </>
  );
}

function Delivery({ data, reload }: { data: MyAlerts; reload: () => void }) {
  const subscriber = data.subscriber;
  const [delivery, setDelivery] = useState<string>(subscriber?.delivery ?? 'immediate');
  return (
    <Section title={t('Correo y entrega')}>
      {subscriber ? (
        <p data-testid="alert-address">
          {subscriber.email}{' '}
          {subscriber.confirmed ? (
            <Badge kind="good">{t('Confirmado')}</Badge>
          ) : (
            <Badge kind="warn">{t('Sin confirmar: no se envían avisos')}</Badge>
          )}
        </p>
      ) : (
        <p>{t('Aún no tiene búsquedas guardadas ni seguimientos.')}</p>
      )}
      {!subscriber?.confirmed && (
        <ActionForm
          action={() => api('POST', '/api/alerts/confirmation', {}, { idempotencyKey: newId() })}
          onDone={reload}
          submit={
            subscriber
              ? t('Enviar de nuevo el enlace de confirmación')
              : t('Enviarme el enlace para confirmar mi correo')
          }
        />
      )}
      <ActionForm
        action={() =>
          api('PUT', '/api/alerts/preferences', { delivery, language: currentLanguage() }, { idempotencyKey: newId() })
        }
        onDone={reload}
        submit={t('Guardar preferencia')}
      >
        <SelectField
          label={t('Entrega')}
          value={delivery}
          onInput={(event: Event) => setDelivery(valueOf(event))}
          options={{ immediate: 'Un correo por aviso', daily: 'Un resumen diario por la mañana' }}
        />
      </ActionForm>
    </Section>
  );
}

function Searches({ data, reload }: { data: MyAlerts; reload: () => void }) {
  return (
    <Section title={t('Búsquedas guardadas')}>
      {data.searches.length === 0 ? (
        <Empty>{t('Guarde una búsqueda desde la página de búsqueda con «Guardar búsqueda».')}</Empty>
      ) : (
        <ul class="results" data-testid="saved-searches">
          {data.searches.map((search) => (
            <li>
              <Link href={`/?${new URLSearchParams(Object.entries(search.filters).map(([k, v]) => [k, String(v)]))}`}>
                {search.name}
              </Link>{' '}
              <span class="muted small">
                {Object.entries(search.filters)
                  .map(([name, value]) => `${name}: ${value}`)
                  .join(' · ')}
              </span>{' '}
              <a href={searchFeedUrl(search.filters)}>{t('Atom')}</a>{' '}
              <RemoveButton
                label={t('Quitar')}
                action={() => api('DELETE', `/api/alerts/searches/${encodeURIComponent(search.searchId)}`)}
                onDone={reload}
              />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Follows({ data, reload }: { data: MyAlerts; reload: () => void }) {
  return (
    <Section title={t('Seguimientos')}>
      {data.follows.length === 0 ? (
        <Empty>{t('Siga un procedimiento, una unidad compradora o un proveedor con el botón «Seguir».')}</Empty>
      ) : (
        <ul class="results" data-testid="follows">
          {data.follows.map((follow) => (
            <li>
              {t(FOLLOWED[follow.kind])}: <Link href={followHref(follow.kind, follow.id)}>{follow.id}</Link>{' '}
              {follow.kind === 'procedure' && (
                <>
                  <a href={FEEDS.tenderAtom(follow.id)}>{t('Atom')}</a>{' '}
                </>
              )}
              <RemoveButton
                label={t('Dejar de seguir')}
                action={() => api('DELETE', `/api/alerts/follows/${follow.kind}/${encodeURIComponent(follow.id)}`)}
                onDone={reload}
              />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function LatestAlerts({ data }: { data: MyAlerts }) {
  return (
    <Section title={t('Últimos avisos')}>
      {data.alerts.length === 0 ? (
        <Empty>{t('Todavía no hay avisos.')}</Empty>
      ) : (
        <ul class="results" data-testid="latest-alerts">
          {data.alerts.map((alert) => (
            <li>
              <strong>{t(KINDS[alert.kind] ?? alert.kind)}</strong>:{' '}
              {alert.content.tenderId ? (
                <Link href={`/licitaciones/${encodeURIComponent(alert.content.tenderId)}`}>
                  {[alert.content.number, alert.content.title].filter(Boolean).join(' · ') || alert.content.tenderId}
                </Link>
              ) : null}{' '}
              <span class="muted small">
                {dateTime(alert.createdAt)} · {t(STATUSES[alert.status] ?? alert.status)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function RemoveButton({
  label,
  action,
  onDone,
}: {
  label: string;
  action: () => Promise<unknown>;
  onDone: () => void;
}) {
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <button type="button" class="link" onClick={() => action().then(onDone, setError)}>
        {label}
      </button>
      <ErrorBox error={error} />
    </>
  );
}

/**
 * "Guardar búsqueda" on the search page: the search's filters (as the API takes them, without sort or paging)
 * saved under a name. Anyone signed in; the public is offered to sign in or sign up.
 */
export function SaveSearchButton({ apiQuery, suggestedName }: { apiQuery: string; suggestedName: string }) {
  const signedIn = useSignedIn();
  const [name, setName] = useState('');
  const [saved, setSaved] = useState(false);
  const [open, setOpen] = useState(false);
  if (!signedIn)
    return (
      <p class="small" data-testid="save-search">
        <SignInLink>{t('Entre')}</SignInLink> {t('o')} <Link href="/alertas/registro">{t('cree una cuenta')}</Link>{' '}
        {t('para guardar esta búsqueda y recibir avisos de nuevos procedimientos.')}
      </p>
    );
  if (saved)
    return (
      <p class="small" data-testid="save-search" role="status">
        {t('Búsqueda guardada.')} <Link href="/alertas">{t('Mis alertas')}</Link>
      </p>
    );
  if (!open)
    return (
      <p data-testid="save-search">
        <button type="button" onClick={() => (setName(suggestedName), setOpen(true))}>
          {t('Guardar búsqueda')}
        </button>
      </p>
    );
  const filters = Object.fromEntries(
    [...new URLSearchParams(apiQuery).entries()].filter(([key]) => !['sort', 'cursor', 'limit'].includes(key)),
  );
  return (
    <ActionForm
      class="form card"
      action={() => api('POST', '/api/alerts/searches', { name: name.trim(), filters }, { idempotencyKey: newId() })}
      onDone={() => setSaved(true)}
      submit={t('Guardar búsqueda')}
    >
      <InputField
        label={t('Nombre de la búsqueda')}
        required
        maxLength={120}
        value={name}
        onInput={(event) => setName(valueOf(event))}
      />
    </ActionForm>
  );
}

/** "Seguir" on a procedure, a buying unit or a supplier: alerts of what happens to it. */
export function FollowButton({ kind, id }: { kind: FollowKind; id: string }) {
  const signedIn = useSignedIn();
  const mine = useAsync(() => (signedIn ? get<MyAlerts>(MINE) : Promise.resolve(null)), [signedIn, kind, id]);
  const [error, setError] = useState<unknown>(null);
  if (!signedIn)
    return (
      <p class="small" data-testid="follow">
        <SignInLink>{t('Entre para seguir')}</SignInLink> · <Link href="/alertas/registro">{t('Crear cuenta')}</Link>
      </p>
    );
  const following = mine.data?.follows.some((follow) => follow.kind === kind && follow.id === id) ?? false;
  const toggle = () =>
    (following
      ? api('DELETE', `/api/alerts/follows/${kind}/${encodeURIComponent(id)}`)
      : api('POST', '/api/alerts/follows', { kind, id }, { idempotencyKey: newId() })
    ).then(mine.reload, setError);
  return (
    <p data-testid="follow">
      <button type="button" aria-pressed={following} disabled={mine.data === undefined} onClick={toggle}>
        {following ? t('Siguiendo ✓ · dejar de seguir') : t('Seguir')}
      </button>
      <ErrorBox error={error} />
    </p>
  );
}

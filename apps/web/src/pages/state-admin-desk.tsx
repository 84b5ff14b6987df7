/**
 * The state administrator's desk (issue #22): its state's part of the government tree (the state, its
 * municipalities, the buying units under each), the forms to register a municipality, a unit in an organisation
 * and a buyer account for a unit, and the law that governs an organisation's procedures. Everything read is
 * narrowed to the account's state; the API refuses anything outside it (403 `auth.forbidden`) all the same.
 */
import { useState } from 'preact/hooks';
import { api, currentSession, get, getFresh, newId, query } from '../api';
import { SignInFirst, SignInLink, useForm } from '../components/blocks';
import { ActionForm, Badge, Field, InputField, Loaded, Section, useAsync } from '../components/ui';
import { label, t } from '../i18n';
import { Link } from '../router';
import type { Page } from '../types';

type Organisation = {
  organisationId: string;
  level: 'federal' | 'state' | 'municipal';
  name: string;
  stateCode: string | null;
  stateName: string | null;
  inegiKey: string | null;
  parentId: string | null;
};
type Unit = { buyingUnitId: string; code: string; name: string; organisationId: string | null };
type Tree = { organisations: Organisation[]; units: Unit[] };

type Law = {
  jurisdiction: 'federal' | 'state';
  law: { code: string; name: string } | null;
  reason: 'federal_organisation' | 'federal_funds' | 'state_law' | 'state_law_not_configured';
  verified: boolean;
};

const LAW_REASONS: Record<Law['reason'], string> = {
  federal_organisation: 'Organización federal: ley federal.',
  federal_funds: 'Recursos federales: ley federal (LAASSP y LOPSRM, art. 1 fr. VI).',
  state_law: 'Recursos propios: ley del estado.',
  state_law_not_configured: 'Recursos propios: la ley de este estado aún no está configurada en Licita.',
};

export function StateAdminDesk() {
  const account = currentSession()?.account;
  if (account?.role !== 'state_admin' || !account.stateCode) {
    return (
      <SignInFirst title={t('Administración estatal')}>
        <SignInLink>{t('Entra con tu cuenta de administrador estatal.')}</SignInLink>
      </SignInFirst>
    );
  }
  return <StateTree stateCode={account.stateCode} />;
}

/** The tree and the forms; each registration reads the tree again once its read model shows it. */
function StateTree({ stateCode }: { stateCode: string }) {
  const [version, setVersion] = useState(0);
  const tree = useAsync(async (): Promise<Tree> => {
    const [organisations, units] = await Promise.all([
      get<Organisation[]>(`/api/organisations${query({ stateCode })}`),
      get<Page<Unit>>(`/api/buying-units${query({ stateCode, limit: 100 })}`),
    ]);
    return { organisations, units: units.items };
  }, [stateCode, version]);
  const reread = () => setVersion((v) => v + 1);
  return (
    <>
      <h1>{t('Administración estatal')}</h1>
      <Loaded state={tree}>
        {(data) => {
          const state = data.organisations.find((o) => o.level === 'state');
          return (
            <>
              <p class="muted">
                {t('Entidad federativa')}: {state?.stateName ?? stateCode} ({stateCode})
              </p>
              <Section title={t('Organizaciones de mi estado')}>
                {state ? (
                  <TreeView tree={data} />
                ) : (
                  <p class="muted">{t('Tu estado aún no está en el árbol de gobierno: lo registra el registrador.')}</p>
                )}
              </Section>
              {state && (
                <div class="grid">
                  <NewMunicipality state={state} onDone={reread} />
                  <NewUnit organisations={data.organisations} onDone={reread} />
                  <NewStateBuyer units={data.units} />
                  <PlaceUnit
                    units={data.units.filter((u) => u.organisationId === null)}
                    organisations={data.organisations}
                    onDone={reread}
                  />
                </div>
              )}
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function TreeView({ tree }: { tree: Tree }) {
  const unitsOf = (organisationId: string) => tree.units.filter((u) => u.organisationId === organisationId);
  const node = (o: Organisation, children: Organisation[] = []) => (
    <li data-testid={`organisation-${o.inegiKey}`}>
      <strong>{o.name}</strong> <span class="mono">{o.inegiKey}</span> · {label('level', o.level)}
      <ApplicableLaw organisationId={o.organisationId} />
      {unitsOf(o.organisationId).length > 0 && (
        <ul>
          {unitsOf(o.organisationId).map((u) => (
            <li data-testid="state-unit">
              <Link href={`/unidades/${encodeURIComponent(u.buyingUnitId)}`}>{u.name}</Link>{' '}
              <span class="mono">{u.code}</span>
            </li>
          ))}
        </ul>
      )}
      {children.length > 0 && <ul>{children.map((child) => node(child))}</ul>}
    </li>
  );
  const children = (state: Organisation) => tree.organisations.filter((o) => o.parentId === state.organisationId);
  // Units placed in the state before the tree existed (a place, no organisation yet).
  const unplaced = tree.units.filter((u) => u.organisationId === null);
  return (
    <>
      <ul class="tree" data-testid="state-tree">
        {tree.organisations.filter((o) => o.level === 'state').map((state) => node(state, children(state)))}
      </ul>
      {unplaced.length > 0 && (
        <p class="small muted">
          {t('Unidades del estado sin organización')}: {unplaced.map((u) => `${u.name} (${u.code})`).join(', ')}
        </p>
      )}
    </>
  );
}

/** The law of an organisation's procedures of goods and of works with its own money, and with federal funds. */
function ApplicableLaw({ organisationId }: { organisationId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      {' '}
      <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('Ocultar ley aplicable') : t('Ley aplicable')}
      </button>
      {open && <LawCard organisationId={organisationId} />}
    </>
  );
}

function LawCard({ organisationId }: { organisationId: string }) {
  const path = (category: string, federalFunds: boolean) =>
    `/api/organisations/${encodeURIComponent(organisationId)}/applicable-law${query({ category, federalFunds })}`;
  const laws = useAsync(
    () => Promise.all([get<Law>(path('goods', false)), get<Law>(path('works', false)), get<Law>(path('goods', true))]),
    [organisationId],
  );
  const row = (title: string, law: Law) => (
    <li>
      {title}: <strong>{law.law ? `${law.law.name} (${law.law.code})` : t('Sin ley configurada')}</strong> —{' '}
      {t(LAW_REASONS[law.reason])} {!law.verified && <Badge kind="warn">{t('Sin verificar')}</Badge>}
    </li>
  );
  return (
    <div class="card" data-testid="applicable-law">
      <Loaded state={laws}>
        {([goods, works, federal]) => (
          <ul>
            {row(t('Bienes, servicios y arrendamientos'), goods)}
            {row(t('Obra pública'), works)}
            {row(t('Con recursos federales'), federal)}
          </ul>
        )}
      </Loaded>
    </div>
  );
}

const REASON = 'Alta en el padrón de entes públicos';

const OrganisationOptions = ({ organisations }: { organisations: Organisation[] }) => (
  <>
    <option value="">{t('Elige una')}</option>
    {organisations.map((o) => (
      <option value={o.organisationId}>
        {o.name} ({o.inegiKey})
      </option>
    ))}
  </>
);

function NewMunicipality({ state, onDone }: { state: Organisation; onDone: () => void }) {
  const { form, bind } = useForm({ municipalityCode: '', name: '', reason: REASON });
  const [done, setDone] = useState<string | null>(null);
  return (
    <Section title={t('Registrar municipio')}>
      <ActionForm
        action={async () => {
          const r = await api<{ organisationId: string }>(
            'POST',
            '/api/organisations',
            { level: 'municipal', stateCode: state.stateCode, parentId: state.organisationId, ...form },
            { idempotencyKey: newId() },
          );
          await getFresh(`/api/organisations/${encodeURIComponent(r.organisationId)}`);
          return r;
        }}
        onDone={() => (setDone(form.name), onDone())}
        submit={t('Registrar municipio')}
      >
        <InputField
          label={t('Clave INEGI del municipio')}
          hint={t('Los 3 dígitos dentro del estado (039 para Guadalajara).')}
          required
          pattern="\d{3}"
          {...bind('municipalityCode')}
        />
        <InputField label={t('Nombre')} required {...bind('name')} />
        <InputField label={t('Motivo')} required {...bind('reason')} />
      </ActionForm>
      {done && <p class="success">{t('Municipio registrado: {name}', { name: done })}</p>}
    </Section>
  );
}

function NewUnit({ organisations, onDone }: { organisations: Organisation[]; onDone: () => void }) {
  const { form, bind } = useForm({ organisationId: '', code: '', name: '', parentInstitution: '' });
  const [done, setDone] = useState<string | null>(null);
  return (
    <Section title={t('Registrar unidad compradora en una organización')}>
      <ActionForm
        action={async () => {
          const r = await api<{ buyingUnitId: string }>('POST', '/api/buying-units', form, {
            idempotencyKey: newId(),
          });
          await getFresh(`/api/buying-units/${encodeURIComponent(r.buyingUnitId)}`);
          return r;
        }}
        onDone={() => (setDone(form.name), onDone())}
        submit={t('Registrar unidad')}
      >
        <Field label={t('Organización')}>
          <select required {...bind('organisationId')}>
            <OrganisationOptions organisations={organisations} />
          </select>
        </Field>
        <InputField label={t('Clave')} required {...bind('code')} />
        <InputField label={t('Nombre')} required {...bind('name')} />
        <InputField label={t('Institución')} required {...bind('parentInstitution')} />
      </ActionForm>
      {done && <p class="success">{t('Unidad registrada: {id}', { id: done })}</p>}
    </Section>
  );
}

/** A buyer account for a unit of the state: the choice offers only the state's units. */
function NewStateBuyer({ units }: { units: Unit[] }) {
  const { form, bind } = useForm({ email: '', buyingUnitId: '', temporaryPassword: '' });
  const [done, setDone] = useState<string | null>(null);
  return (
    <Section title={t('Cuenta de comprador')}>
      <ActionForm
        action={() =>
          api<{ email: string }>('POST', '/api/accounts', { ...form, role: 'buyer' }, { idempotencyKey: newId() })
        }
        onDone={(r) => setDone(r.email)}
        submit={t('Crear cuenta')}
      >
        <InputField label={t('Correo electrónico')} type="email" required {...bind('email')} />
        <Field label={t('Unidad compradora')}>
          <select required {...bind('buyingUnitId')}>
            <option value="">{t('Elige una')}</option>
            {units.map((u) => (
              <option value={u.buyingUnitId}>
                {u.name} ({u.code})
              </option>
            ))}
          </select>
        </Field>
        <InputField
          label={t('Contraseña temporal')}
          hint={t('La persona la cambia al entrar por primera vez.')}
          required
          minLength={12}
          {...bind('temporaryPassword')}
        />
      </ActionForm>
      {done && (
        <p class="success">
          {t('Cuenta creada para {email}. Entrega la contraseña temporal por un medio seguro.', { email: done })}
        </p>
      )}
    </Section>
  );
}

/**
 * A unit of the state registered before the tree (a place, no organisation) put in one of the state's
 * organisations (PUT /api/buying-units/{id}/organisation, event BuyingUnitOrganisationAssigned with the reason).
 */
function PlaceUnit({
  units,
  organisations,
  onDone,
}: {
  units: Unit[];
  organisations: Organisation[];
  onDone: () => void;
}) {
  const { form, bind } = useForm({ buyingUnitId: '', organisationId: '', reason: '' });
  if (units.length === 0) return null;
  return (
    <Section title={t('Ubicar unidad en una organización')}>
      <ActionForm
        action={() =>
          api('PUT', `/api/buying-units/${encodeURIComponent(form.buyingUnitId)}/organisation`, {
            organisationId: form.organisationId,
            reason: form.reason,
          })
        }
        onDone={onDone}
        submit={t('Ubicar unidad')}
      >
        <Field label={t('Unidad sin organización')}>
          <select required {...bind('buyingUnitId')}>
            <option value="">{t('Elige una')}</option>
            {units.map((u) => (
              <option value={u.buyingUnitId}>
                {u.name} ({u.code})
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('Organización')}>
          <select required {...bind('organisationId')}>
            <OrganisationOptions organisations={organisations} />
          </select>
        </Field>
        <InputField label={t('Motivo')} required {...bind('reason')} />
      </ActionForm>
    </Section>
  );
}

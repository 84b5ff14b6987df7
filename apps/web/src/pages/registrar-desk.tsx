/** The registrar's desk: verify suppliers, register buying units and open buyers' accounts. */
import { useState } from 'preact/hooks';
import { api, currentSession, get, getFresh, newId, query } from '../api';
import {
  BuyingUnitOptions,
  CodeOptions,
  Facts,
  Results,
  SignInFirst,
  SignInLink,
  useForm,
  valueOf,
} from '../components/blocks';
import { ExportLinks, SignedInExportButtons } from '../components/exports';
import { PUBLIC } from '../paths';
import { SupplierDocumentsList } from '../components/supplier-documents';
import { ActionForm, Field, InputField, Loaded, Section, useAsync } from '../components/ui';
import { date, dateTime } from '../format';
import { label, t } from '../i18n';
import { Link } from '../router';
import type { Page } from '../types';
import { CentralPurchasingBodies } from './frameworks';

type SupplierSummary = {
  supplierId: string;
  rfc: string;
  legalName: string;
  state: string;
  status: string;
  classifierCodes: string[];
};

export function RegistrarDesk() {
  if (currentSession()?.account.role !== 'registrar') {
    return (
      <SignInFirst title={t('Escritorio de registro')}>
        <SignInLink>{t('Entra con tu cuenta de registrador.')}</SignInLink>
      </SignInFirst>
    );
  }
  return (
    <>
      <h1>{t('Escritorio de registro')}</h1>
      <PendingSuppliers />
      <RegistrarUnits />
      <CentralPurchasingBodies />
    </>
  );
}

function PendingSuppliers() {
  const [status, setStatus] = useState('pending');
  const pending = useAsync(() => get<Page<SupplierSummary>>(`/api/suppliers${query({ status, limit: 50 })}`), [status]);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [open, setOpen] = useState<string | null>(null);
  // What was just decided, said at once; the list (read with this tab's last position) no longer has the row.
  const [decided, setDecided] = useState<string | null>(null);
  const after = (text: string) => () => (setDecided(text), pending.reload());
  return (
    <Section title={status === 'pending' ? t('Proveedores por verificar') : t('Proveedores del registro')}>
      {decided && (
        <p class="success" role="status">
          {decided}
        </p>
      )}
      <div class="row">
        <Field label={t('Estado del registro')}>
          <select value={status} onChange={(e) => (setStatus(valueOf(e)), setOpen(null))}>
            {['pending', 'verified', 'rejected', 'suspended'].map((code) => (
              <option value={code}>{label('supplierStatus', code)}</option>
            ))}
          </select>
        </Field>
        <button type="button" class="secondary" onClick={pending.reload}>
          {t('Actualizar')}
        </button>
      </div>
      <SignedInExportButtons
        path="/api/suppliers/export"
        listQuery={query({ status })}
        name={{ es: 'proveedores', en: 'suppliers' }}
      />
      <Loaded state={pending}>
        {(page) => (
          <Results items={page.items} empty={t('No hay registros pendientes.')}>
            {(s) => (
              <li class="result" data-testid={`pending-${s.rfc}`}>
                <strong>{s.legalName}</strong> <span class="mono">{s.rfc}</span> · {label('supplierStatus', s.status)} ·{' '}
                <span class="mono small">{s.classifierCodes.join(', ')}</span>{' '}
                <button
                  type="button"
                  class="link"
                  aria-expanded={open === s.supplierId}
                  onClick={() => setOpen(open === s.supplierId ? null : s.supplierId)}
                >
                  {open === s.supplierId ? t('Ocultar detalles') : t('Ver detalles e historial')}
                </button>
                {open === s.supplierId && <SupplierDetails supplierId={s.supplierId} />}
                {s.status === 'pending' && (
                  <div class="row" style={{ marginTop: '0.4rem' }}>
                    <ActionForm
                      class="row"
                      action={() => api('POST', `/api/suppliers/${s.supplierId}/verify`)}
                      onDone={after(t('{name}: verificado.', { name: s.legalName }))}
                      submit={t('Verificar')}
                    />
                    <ActionForm
                      class="row"
                      action={() =>
                        api('POST', `/api/suppliers/${s.supplierId}/reject`, { reason: reasons[s.supplierId] ?? '' })
                      }
                      onDone={after(t('{name}: rechazado.', { name: s.legalName }))}
                      submit={t('Rechazar')}
                    >
                      <input
                        aria-label={t('Motivo del rechazo')}
                        required
                        placeholder={t('Motivo del rechazo')}
                        value={reasons[s.supplierId] ?? ''}
                        onInput={(e) => setReasons({ ...reasons, [s.supplierId]: valueOf(e) })}
                        style={{ width: 'auto' }}
                      />
                    </ActionForm>
                  </div>
                )}
              </li>
            )}
          </Results>
        )}
      </Loaded>
    </Section>
  );
}

type SupplierDetail = SupplierSummary & {
  personType: string;
  size: string;
  address: { street?: string; municipality?: string; state?: string; postalCode?: string };
  contact: { name: string; email: string; phone: string } | null;
  statusReason?: string | null;
  registeredAt: string;
  verifiedAt: string | null;
};

type HistoryEntry = { type: string; at: string; actor: string; reason: string | null; fields: string[] };

const HISTORY: Record<string, string> = {
  SupplierRegistered: 'Registro',
  SupplierVerified: 'Verificado',
  SupplierRejected: 'Rechazado',
  SupplierSuspended: 'Suspendido',
  SupplierReinstated: 'Rehabilitado',
  SupplierDataChanged: 'Datos modificados',
  SupplierReverificationRequired: 'Requiere nueva verificación',
  SupplierDocumentsAttached: 'Documentos adjuntos',
  SanctionImposed: 'Sanción impuesta',
  SanctionLifted: 'Sanción levantada',
  SanctionExpired: 'Sanción concluida',
};

/** What the registrar checks before deciding: the supplier's full data and its history in the register. */
function SupplierDetails({ supplierId }: { supplierId: string }) {
  const detail = useAsync(() => get<SupplierDetail>(`/api/suppliers/${encodeURIComponent(supplierId)}`), [supplierId]);
  const history = useAsync(
    () => get<HistoryEntry[]>(`/api/suppliers/${encodeURIComponent(supplierId)}/history`),
    [supplierId],
  );
  return (
    <div class="card" data-testid="supplier-details">
      <Loaded state={detail}>
        {(d) => (
          <Facts
            facts={[
              [t('Tipo de persona'), d.personType === 'individual' ? t('Persona física') : t('Persona moral')],
              [t('Tamaño'), label('size', d.size)],
              [
                t('Domicilio'),
                [d.address.street, d.address.municipality, d.address.state, d.address.postalCode]
                  .filter(Boolean)
                  .join(', '),
              ],
              [t('Contacto'), d.contact ? `${d.contact.name} · ${d.contact.email} · ${d.contact.phone}` : '—'],
              [t('Códigos'), d.classifierCodes.join(', '), 'mono'],
              [t('Registrado'), dateTime(d.registeredAt)],
              [t('Documentos'), <SupplierDocumentsList supplierId={supplierId} />],
            ]}
          />
        )}
      </Loaded>
      <h3>{t('Historial')}</h3>
      <Loaded state={history}>
        {(entries) => (
          <ol data-testid="supplier-history">
            {entries.map((e) => (
              <li>
                {dateTime(e.at)} · {t(HISTORY[e.type] ?? e.type)}
                {e.reason && ` — ${e.reason}`}
                {e.fields.length > 0 && ` (${e.fields.join(', ')})`}
                <span class="muted small"> · {e.actor}</span>
              </li>
            ))}
          </ol>
        )}
      </Loaded>
    </div>
  );
}

type Unit = { buyingUnitId: string; code: string; name: string; level: string; parentInstitution: string };

/**
 * The buying units, the form to register one and the form to open a buyer's account: once a unit is registered
 * (and its read model shows it) the list and the buyer form's choice of units are read again.
 */
function RegistrarUnits() {
  const [version, setVersion] = useState(0);
  const [accountsVersion, setAccountsVersion] = useState(0);
  const registered = async (buyingUnitId: string) => {
    await getFresh(`/api/buying-units/${encodeURIComponent(buyingUnitId)}`);
    setVersion((v) => v + 1);
  };
  return (
    <>
      <div class="grid">
        <NewBuyingUnit onRegistered={registered} />
        <NewBuyer key={version} onCreated={() => setAccountsVersion((v) => v + 1)} />
      </div>
      <BuyerAccountsList version={version + accountsVersion} />
      <BuyingUnitsList version={version} />
    </>
  );
}

type AccountEntry = {
  accountId: string;
  email: string;
  role: string;
  buyingUnitId: string | null;
  status: 'active' | 'disabled';
  createdAt: string;
};

/**
 * The buyers' accounts (GET /api/accounts, staff only, never a password hash), read again after each account
 * created: the read carries this tab's last position, so the new account is in it at once.
 */
function BuyerAccountsList({ version }: { version: number }) {
  const accounts = useAsync(
    () =>
      Promise.all([get<AccountEntry[]>('/api/accounts?role=buyer'), get<Page<Unit>>('/api/buying-units?limit=100')]),
    [version],
  );
  return (
    <Section title={t('Cuentas de compradores')}>
      <Loaded state={accounts}>
        {([list, units]) => {
          const unitName = (id: string | null) => units.items.find((u) => u.buyingUnitId === id)?.name ?? id ?? '—';
          return (
            <Results items={list} empty={t('Aún no hay cuentas de compradores.')}>
              {(a) => (
                <li class="result" data-testid="buyer-account">
                  <span class="mono">{a.email}</span> · {unitName(a.buyingUnitId)} ·{' '}
                  {a.status === 'active' ? t('Activa') : t('Deshabilitada')}
                  <span class="muted small"> · {dateTime(a.createdAt)}</span>
                </li>
              )}
            </Results>
          );
        }}
      </Loaded>
    </Section>
  );
}

function BuyingUnitsList({ version }: { version: number }) {
  const units = useAsync(() => get<Page<Unit>>('/api/buying-units?limit=100'), [version]);
  return (
    <Section title={t('Unidades compradoras')}>
      <ExportLinks path={PUBLIC.buyingUnitsExport} listQuery="" />
      <Loaded state={units}>
        {(page) => (
          <Results items={page.items} empty={t('Aún no hay unidades compradoras.')}>
            {(u) => (
              <li class="result">
                <Link href={`/unidades/${encodeURIComponent(u.buyingUnitId)}`}>{u.name}</Link>{' '}
                <span class="mono">{u.code}</span> · {label('level', u.level)} · {u.parentInstitution}
              </li>
            )}
          </Results>
        )}
      </Loaded>
    </Section>
  );
}

function NewBuyingUnit({ onRegistered }: { onRegistered: (buyingUnitId: string) => Promise<void> }) {
  const { form, bind } = useForm({ code: '', name: '', level: 'federal', parentInstitution: '' });
  const [done, setDone] = useState<string | null>(null);
  return (
    <Section title={t('Registrar unidad compradora')}>
      <ActionForm
        action={async () => {
          const r = await api<{ buyingUnitId: string }>('POST', '/api/buying-units', form, { idempotencyKey: newId() });
          await onRegistered(r.buyingUnitId);
          return r;
        }}
        onDone={(r) => setDone(r.buyingUnitId)}
        submit={t('Registrar unidad')}
      >
        <InputField label={t('Clave')} required {...bind('code')} />
        <InputField label={t('Nombre')} required {...bind('name')} />
        <Field label={t('Orden de gobierno')}>
          <select {...bind('level')}>
            <CodeOptions group="level" />
          </select>
        </Field>
        <InputField label={t('Institución')} required {...bind('parentInstitution')} />
      </ActionForm>
      {done && <p class="success">{t('Unidad registrada: {id}', { id: done })}</p>}
    </Section>
  );
}

function NewBuyer({ onCreated }: { onCreated: () => void }) {
  const { form, bind } = useForm({ email: '', buyingUnitId: '', temporaryPassword: '' });
  const [done, setDone] = useState<string | null>(null);
  return (
    <Section title={t('Cuenta de comprador')}>
      <ActionForm
        action={() =>
          api<{ email: string }>('POST', '/api/accounts', { ...form, role: 'buyer' }, { idempotencyKey: newId() })
        }
        onDone={(r) => (setDone(r.email), onCreated())}
        submit={t('Crear cuenta')}
      >
        <InputField label={t('Correo electrónico')} type="email" required {...bind('email')} />
        <Field label={t('Unidad compradora')}>
          <select required {...bind('buyingUnitId')}>
            <BuyingUnitOptions none={t('Elige una')} />
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
      <p class="small muted">
        {t('Hoy')}: {date(new Date().toISOString())}
      </p>
    </Section>
  );
}

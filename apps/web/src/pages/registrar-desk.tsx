/** The registrar's desk: verify suppliers, register buying units and open buyers' accounts. */
import { useState } from 'preact/hooks';
import { api, currentSession, get, newId, query } from '../api';
import {
  BuyingUnitOptions,
  CodeOptions,
  Results,
  SignInFirst,
  SignInLink,
  useForm,
  valueOf,
} from '../components/blocks';
import { ActionForm, Field, InputField, Loaded, Section, useAsync } from '../components/ui';
import { date } from '../format';
import { label, t } from '../i18n';
import { Link } from '../router';
import type { Page } from '../types';

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
  return <Desk />;
}

function Desk() {
  // A unit registered here is offered at once in the buyer's account form (its options load again).
  const [units, setUnits] = useState(0);
  return (
    <>
      <h1>{t('Escritorio de registro')}</h1>
      <PendingSuppliers />
      <div class="grid">
        <NewBuyingUnit onRegistered={() => setUnits(units + 1)} />
        <NewBuyer units={units} />
      </div>
    </>
  );
}

function PendingSuppliers() {
  const pending = useAsync(
    () => get<Page<SupplierSummary>>(`/api/suppliers${query({ status: 'pending', limit: 50 })}`),
    [],
  );
  const [reasons, setReasons] = useState<Record<string, string>>({});
  // What was just decided, said at once; the list (read with this tab's last position) no longer has the row.
  const [decided, setDecided] = useState<string | null>(null);
  const after = (text: string) => () => (setDecided(text), pending.reload());
  return (
    <Section title={t('Proveedores por verificar')}>
      {decided && (
        <p class="success" role="status">
          {decided}
        </p>
      )}
      <Loaded state={pending}>
        {(page) => (
          <Results items={page.items} empty={t('No hay registros pendientes.')}>
            {(s) => (
              <li class="result">
                <strong>{s.legalName}</strong> <span class="mono">{s.rfc}</span> · {label('supplierStatus', s.status)} ·{' '}
                <span class="mono small">{s.classifierCodes.join(', ')}</span>
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
              </li>
            )}
          </Results>
        )}
      </Loaded>
    </Section>
  );
}

function NewBuyingUnit({ onRegistered }: { onRegistered: () => void }) {
  const { form, bind } = useForm({ code: '', name: '', level: 'federal', parentInstitution: '' });
  const [done, setDone] = useState<string | null>(null);
  return (
    <Section title={t('Registrar unidad compradora')}>
      <ActionForm
        action={() => api<{ buyingUnitId: string }>('POST', '/api/buying-units', form, { idempotencyKey: newId() })}
        onDone={(r) => (setDone(r.buyingUnitId), onRegistered())}
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

function NewBuyer({ units }: { units: number }) {
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
            <BuyingUnitOptions none={t('Elige una')} version={units} />
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

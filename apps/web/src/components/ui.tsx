/** Small building blocks every page uses: loading a resource, showing an error, labelled fields, badges. */
import type { ComponentChildren, InputHTMLAttributes, SelectHTMLAttributes, TargetedEvent } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { money } from '../format';
import { t } from '../i18n';

export type Async<T> = { data: T | undefined; error: unknown; loading: boolean; reload: () => void };

/** Runs `load` now and whenever `deps` change; a newer run wins over an older one still in flight. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const run = useRef(0);
  const reload = useCallback(() => {
    const mine = ++run.current;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => mine === run.current && setState({ data, loading: false }),
      (error) => mine === run.current && setState({ error, loading: false }),
    );
  }, deps);
  useEffect(reload, [reload]);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

const MESSAGES: Record<string, string> = {
  'network.unreachable': 'No se pudo conectar con el servidor.',
  'read_model.still_updating':
    'Actualizando…: la información aún no refleja tu último cambio; vuelve a consultarla en un momento.',
  'auth.invalid_credentials': 'Correo o contraseña incorrectos.',
  'auth.unauthenticated': 'Inicia sesión para hacer esto.',
  'auth.forbidden': 'Tu cuenta no puede hacer esto.',
  'auth.password_change_required': 'Debes cambiar tu contraseña temporal antes de continuar.',
  'auth.token_expired': 'Tu sesión expiró; vuelve a iniciar sesión.',
  'bid.step_too_small': 'La puja no baja tu precio lo suficiente: respeta el decremento mínimo.',
  'bid.not_lower': 'La puja debe ser menor que tu precio actual.',
  'bid.invalid_amount': 'El monto no es válido.',
  'auction.not_running': 'La subasta no está en curso.',
  'auction.not_participant': 'Tu empresa no participa en esta subasta.',
  'auction.not_found': 'No existe esa subasta.',
  'supplier.rfc_taken': 'Ese RFC ya está registrado.',
  'rfc.invalid': 'El RFC no es válido (revisa el dígito verificador).',
  'account.email_taken': 'Ese correo ya tiene una cuenta.',
  'account.weak_password': 'La contraseña debe tener entre 12 y 128 caracteres.',
  'classifier.unknown_code': 'Un código del clasificador no existe.',
  'proposal.late': 'El plazo para presentar propuestas terminó.',
  'proposal.supplier_not_verified': 'Tu registro aún no está verificado.',
  'proposal.supplier_sanctioned': 'Tu empresa tiene una sanción vigente.',
  'question.deadline_passed': 'El plazo para hacer preguntas terminó.',
  'tender.questions_deadline_passed': 'El plazo para hacer preguntas terminó.',
  'tender.invalid_transition': 'La licitación no está en una etapa que permita esta acción.',
  'tender.lot_value_mismatch': 'El valor de la partida no coincide con la suma de sus conceptos.',
  'tender.total_value_mismatch': 'El total no coincide con la suma de las partidas.',
  'tender.schedule_too_short': 'El plazo para presentar propuestas es más corto de lo que permite la ley.',
  'opening.too_early': 'Aún no llega la fecha del acto de apertura.',
  'request.invalid': 'Revisa los datos del formulario.',
  'concurrency.conflict': 'Alguien más cambió esto al mismo tiempo; vuelve a intentarlo.',
  'service.unavailable': 'El servicio no está disponible por ahora; inténtalo en un momento.',
};

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const known = MESSAGES[error.code];
    const fields = error.errors
      ?.map((e) => e.field ?? e.path)
      .filter(Boolean)
      .join(', ');
    return `${known ? t(known) : error.message}${fields ? ` (${fields})` : ''} [${error.code}]`;
  }
  return error instanceof Error ? error.message : String(error);
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {errorText(error)}
    </p>
  );
}

export function Loading() {
  return (
    <p class="muted" aria-live="polite">
      {t('Cargando…')}
    </p>
  );
}

/** Renders `children(data)` once loaded; the error or a loading line until then. */
export function Loaded<T>({ state, children }: { state: Async<T>; children: (data: T) => ComponentChildren }) {
  if (state.error) return <ErrorBox error={state.error} />;
  if (state.data === undefined) return <Loading />;
  return <>{children(state.data)}</>;
}

export function Money({
  amount,
  currency,
}: {
  amount: number | null | undefined | { amount: number; currency?: string };
  currency?: string;
}) {
  if (amount !== null && typeof amount === 'object')
    return <span class="money">{money(amount.amount, amount.currency ?? currency)}</span>;
  return <span class="money">{money(amount, currency)}</span>;
}

export function Field({ label, hint, children }: { label: string; hint?: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      {children}
      {hint && <small class="muted">{hint}</small>}
    </label>
  );
}

/** A labelled input: the rest of the props (a form binding, its type, its limits) go to the input. */
export function InputField({ label, hint, ...input }: { label: string; hint?: string } & InputHTMLAttributes) {
  return (
    <Field label={label} hint={hint}>
      <input {...input} />
    </Field>
  );
}

/**
 * A labelled select; `options` maps each value to its text in Spanish, shown in the reader's language. The rest
 * of the props (a form binding) go to the select.
 */
export function SelectField({
  label,
  options,
  ...select
}: { label: string; options: Record<string, string> } & SelectHTMLAttributes) {
  return (
    <Field label={label}>
      <select {...select}>
        {Object.entries(options).map(([value, text]) => (
          <option value={value}>{t(text)}</option>
        ))}
      </select>
    </Field>
  );
}

export type BadgeKind = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export function Badge({ kind = 'neutral', children }: { kind?: BadgeKind; children: ComponentChildren }) {
  return <span class={`badge badge-${kind}`}>{children}</span>;
}

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** A form whose submit runs `action`, shows its error, and disables the button while it runs. */
export function ActionForm({
  action,
  submit,
  children,
  class: className,
  onDone,
}: {
  action: () => Promise<unknown>;
  submit: string;
  children?: ComponentChildren;
  class?: string;
  onDone?: (result: any) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const onSubmit = async (event: TargetedEvent<HTMLFormElement, Event>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      onDone?.(result);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class={className ?? 'form'} onSubmit={onSubmit}>
      {children}
      <ErrorBox error={error} />
      <button type="submit" disabled={busy}>
        {busy ? t('Enviando…') : submit}
      </button>
    </form>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="muted empty">{children}</p>;
}

/** `children` given the items when there are any; the `empty` text when there are none. */
export function OrEmpty<T>({
  items,
  empty,
  children,
}: {
  items: T[];
  empty: string;
  children: (items: T[]) => ComponentChildren;
}) {
  return items.length === 0 ? <Empty>{empty}</Empty> : <>{children(items)}</>;
}

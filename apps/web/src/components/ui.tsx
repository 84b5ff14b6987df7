/** Small building blocks every page uses: loading a resource, showing an error, labelled fields, badges. */
import type { ComponentChildren, InputHTMLAttributes, SelectHTMLAttributes, TargetedEvent } from 'preact';
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { money } from '../format';
import { problemText } from '../problems';
import { currentLanguage, t } from '../i18n';

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

/**
 * What went wrong, for people: the message of its code in the portal's language, from the one catalogue the
 * API answers from (../problems.ts: the problem's `title` over HTTP says the same; Socket.IO refusals carry
 * only the code), else what the API said (its `title`). The code stays in the error for the program; it is never shown.
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError)
    return (
      problemText(error.code, currentLanguage(), error.details) ??
      (error.message || t('Algo salió mal; inténtalo de nuevo.'))
    );
  return error instanceof Error ? error.message : String(error);
}

/** The fields a refused request names (`errors` of the problem), each with its message for people. */
export function fieldErrorsOf(error: unknown): Array<{ field: string; message: string }> {
  if (!(error instanceof ApiError) || !error.errors) return [];
  return error.errors.flatMap((e) => {
    const field = e.field ?? e.path;
    return field ? [{ field, message: e.message ?? error.message }] : [];
  });
}

/** `address.postalCode` is the input named `postalCode` or `address.postalCode`, and the other way round. */
const sameField = (field: string, key: string) =>
  field === key || field.endsWith(`.${key}`) || key.endsWith(`.${field}`);

/**
 * The field errors of the form around an input: each labelled input asks for its own (by its `field` or
 * `name`), and says on every render that the form has it (`keys`, kept across renders: an input whose own
 * props did not change is not rendered again before the form's error is); errors of fields the form does
 * not have are listed under the form's error.
 */
type FormErrors = { errors: Array<{ field: string; message: string }>; keys: Set<string> };
const FormErrorsContext = createContext<FormErrors | null>(null);

function useFieldError(key: string | undefined): string | undefined {
  const form = useContext(FormErrorsContext);
  if (!form || !key) return undefined;
  form.keys.add(key);
  return form.errors.find((e) => sameField(e.field, key))?.message;
}

let fieldIds = 0;
const useFieldId = () => useMemo(() => `field-error-${++fieldIds}`, []);

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {errorText(error)}
    </p>
  );
}

/** A form's error: its message, then the field errors no input of the form marked. */
function FormErrorBox({ error, form }: { error: unknown; form: FormErrors }) {
  if (!error) return null;
  const unclaimed = form.errors.filter((e) => ![...form.keys].some((key) => sameField(e.field, key)));
  return (
    <div class="error" role="alert">
      <p>{errorText(error)}</p>
      {unclaimed.length > 0 && (
        <ul>
          {unclaimed.map((e) => (
            <li>
              <span class="mono">{e.field}</span>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
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

export function Field({
  label,
  hint,
  error,
  errorId,
  children,
}: {
  label: string;
  hint?: string;
  /** The API's message about this field, shown under it. */
  error?: string;
  errorId?: string;
  children: ComponentChildren;
}) {
  return (
    <label class={error ? 'field field-invalid' : 'field'}>
      <span class="field-label">{label}</span>
      {children}
      {hint && <small class="muted">{hint}</small>}
      {error && (
        <small class="field-error" id={errorId} data-testid="field-error">
          {error}
        </small>
      )}
    </label>
  );
}

/**
 * A labelled input: the rest of the props (a form binding, its type, its limits) go to the input. `field` is the
 * request's field it fills (`address.postalCode`; its `name` when not given): when the API refuses that field,
 * the input is marked invalid and the message shown under it.
 */
export function InputField({
  label,
  hint,
  field,
  ...input
}: { label: string; hint?: string; field?: string } & InputHTMLAttributes) {
  const error = useFieldError(field ?? (typeof input.name === 'string' ? input.name : undefined));
  const errorId = useFieldId();
  return (
    <Field label={label} hint={hint} error={error} errorId={errorId}>
      <input {...input} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? errorId : undefined} />
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
  field,
  ...select
}: { label: string; options: Record<string, string>; field?: string } & SelectHTMLAttributes) {
  const error = useFieldError(field ?? (typeof select.name === 'string' ? select.name : undefined));
  const errorId = useFieldId();
  return (
    <Field label={label} error={error} errorId={errorId}>
      <select {...select} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? errorId : undefined}>
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
  const keys = useRef(new Set<string>()).current;
  const form: FormErrors = { errors: fieldErrorsOf(error), keys };
  return (
    <form class={className ?? 'form'} onSubmit={onSubmit}>
      <FormErrorsContext.Provider value={form}>
        {children}
        <FormErrorBox error={error} form={form} />
      </FormErrorsContext.Provider>
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

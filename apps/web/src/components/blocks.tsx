/** Page fragments several pages share: data tables, fact lists, "load more", red flags, sign-in prompts, forms. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { get } from '../api';
import { dateTime } from '../format';
import { LABELS, label, t } from '../i18n';
import type { Page, TenderView } from '../types';
import { Badge, Empty, Loaded, Money, OrEmpty, Section, useAsync, type Async, type BadgeKind } from './ui';
import { Link } from '../router';

/** One column of a table: its header (also each cell's `data-label` for narrow screens) and how a row fills it. */
export type Column<R> = { label: string; num?: boolean; mono?: boolean; cell: (row: R) => ComponentChildren };

const cellClass = (column: Column<unknown>) =>
  [column.num ? 'num' : '', column.mono ? 'mono' : ''].filter(Boolean).join(' ') || undefined;

/** A table that stacks into labelled cards on narrow screens; `children` follow the table inside its wrapper. */
export function Table<R>({
  columns,
  rows,
  wrap = 'table-wrap',
  table = 'stack',
  rowTestId,
  children,
}: {
  columns: Array<Column<R>>;
  rows: R[];
  wrap?: string;
  table?: string;
  rowTestId?: string;
  children?: ComponentChildren;
}) {
  return (
    <div class={wrap}>
      <table class={table}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th class={column.num ? 'num' : undefined}>{column.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr data-testid={rowTestId}>
              {columns.map((column) => (
                <td
                  data-label={table === 'stack' ? column.label : undefined}
                  class={cellClass(column as Column<unknown>)}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {children}
    </div>
  );
}

/** A section with a table of `rows`, or the `empty` text when there are none. */
export function TableSection<R>({
  title,
  empty,
  columns,
  rows,
  rowTestId,
}: {
  title: string;
  empty: string;
  columns: Array<Column<R>>;
  rows: R[];
  rowTestId?: string;
}) {
  return (
    <Section title={title}>
      <OrEmpty items={rows} empty={empty}>
        {(shown) => <Table columns={columns} rows={shown} rowTestId={rowTestId} />}
      </OrEmpty>
    </Section>
  );
}

/** The awards of a procedure or of a party, as a table of `columns` (each page picks its own). */
export function AwardsSection<R>(table: { columns: Array<Column<R>>; rows: R[]; rowTestId?: string }) {
  return <TableSection title={t('Adjudicaciones')} empty={t('Sin adjudicaciones todavía.')} {...table} />;
}

/** A fact is a label and its value; `false` leaves the line out. */
export type Fact = [label: string, value: ComponentChildren, valueClass?: string] | false | null | undefined;

export function Facts({ facts }: { facts: Fact[] }) {
  return (
    <dl class="facts">
      {facts.map(
        (fact) =>
          fact && (
            <>
              <dt>{fact[0]}</dt>
              <dd class={fact[2]}>{fact[1]}</dd>
            </>
          ),
      )}
    </dl>
  );
}

export function LoadMore({ when, onMore }: { when: unknown; onMore: () => unknown }) {
  if (!when) return null;
  return (
    <p>
      <button type="button" class="secondary" onClick={() => void onMore()}>
        {t('Cargar más')}
      </button>
    </p>
  );
}

export function RedFlag({ flag, testId }: { flag: { title: string; explanation: string }; testId?: string }) {
  return (
    <div class="flag" data-testid={testId}>
      <strong>⚑ {flag.title}</strong>
      <div>{flag.explanation}</div>
    </div>
  );
}

/** The card a desk shows to someone not signed in with the right role, linking to the sign-in page. */
export function SignInFirst({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="card">
      <h1>{title}</h1>
      <p>{children}</p>
    </div>
  );
}

/** A link to the sign-in page that comes back here afterwards. */
export function SignInLink({ children }: { children: ComponentChildren }) {
  return <Link href={`/entrar?siguiente=${encodeURIComponent(location.pathname + location.search)}`}>{children}</Link>;
}

/** A breadcrumb from a desk to the procedure's public page. */
export function DeskCrumb({ desk, deskHref, tenderId }: { desk: string; deskHref: string; tenderId: string }) {
  return (
    <p class="small">
      <Link href={deskHref}>{desk}</Link> ›{' '}
      <Link href={`/licitaciones/${encodeURIComponent(tenderId)}`}>{t('Página pública del procedimiento')}</Link>
    </p>
  );
}

/** Form state of text fields: `bind(name)` gives an input its value and keeps the state in step with it. */
export type Bind<F> = (name: keyof F & string) => { value: string; onInput: (event: Event) => void };

export function useForm<F extends Record<string, unknown>>(initial: F | (() => F)) {
  const [form, setForm] = useState<F>(initial);
  const bind: Bind<F> = (name) => ({
    value: String(form[name] ?? ''),
    onInput: (event: Event) => setForm({ ...form, [name]: (event.target as HTMLInputElement).value }),
  });
  return { form, setForm, bind };
}

/** The value of the input, select or text area an event came from. */
export const valueOf = (event: Event) => (event.target as HTMLInputElement).value;

/**
 * A list read page by page: the first page whenever `key` changes, then "load more" appends the next ones.
 * Pages loaded for an older key are dropped.
 */
export function usePaged<T>(load: (cursor?: string) => Promise<Page<T>>, key: string) {
  const first = useAsync(() => load(), [key]);
  const [more, setMore] = useState<{ key: string; items: T[]; cursor: string | null } | null>(null);
  const mine = more?.key === key ? more : null;
  const items = [...(first.data?.items ?? []), ...(mine?.items ?? [])];
  const next = mine ? mine.cursor : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!next) return;
    const page = await load(next);
    setMore({ key, items: [...(mine?.items ?? []), ...page.items], cursor: page.nextCursor });
  };
  return { first, items, next, loadMore };
}

/** A result list (`ul.results`), each item a `children(item)` list item; the `empty` text when there are none. */
export function Results<T>({
  items,
  empty,
  children,
}: {
  items: T[];
  empty: string;
  children: (item: T) => ComponentChildren;
}) {
  return (
    <OrEmpty items={items} empty={empty}>
      {(shown) => <ul class="results">{shown.map(children)}</ul>}
    </OrEmpty>
  );
}

/** One procedure in a result list: its title linking to `href`, then a line of facts (`children`). */
export function ResultItem({
  href,
  title,
  testId,
  children,
}: {
  href: string;
  title: string;
  testId?: string;
  children: ComponentChildren;
}) {
  return (
    <li class="result" data-testid={testId}>
      <h3>
        <Link href={href}>{title}</Link>
      </h3>
      <div class="meta">{children}</div>
    </li>
  );
}

/** A desk's heading of one procedure: title, status, type, estimated total and the date that matters there. */
export function TenderHeading({
  view,
  badge,
  when,
}: {
  view: TenderView;
  badge: BadgeKind;
  when: [label: string, at: string] | null | undefined;
}) {
  return (
    <>
      <h1>{view.title}</h1>
      <p>
        <Badge kind={badge}>{label('tenderStatus', view.status)}</Badge> {label('procedureType', view.procedureType)} ·{' '}
        <Money amount={view.estimatedTotal} />
        {when && (
          <>
            {' '}
            · {when[0]}: {dateTime(when[1])}
          </>
        )}
      </p>
    </>
  );
}

type Unit = { buyingUnitId: string; name: string; code: string };

/** The options of a buying-unit select: "none" first (value ""), then every unit as "name (code)". */
export function BuyingUnitOptions({ none }: { none: string }) {
  const units = useAsync(() => get<Page<Unit>>('/api/buying-units?limit=100'), []);
  return (
    <>
      <option value="">{none}</option>
      {units.data?.items.map((unit) => (
        <option value={unit.buyingUnitId}>
          {unit.name} ({unit.code})
        </option>
      ))}
    </>
  );
}

/**
 * A section listing `items`, each rendered by `children` in a list item (numbered when `ordered`); with no
 * items, the `empty` text, or no section at all when there is none.
 */
export function ListSection<T>({
  title,
  items,
  empty,
  ordered = false,
  children,
}: {
  title: string;
  items: T[];
  empty?: string;
  ordered?: boolean;
  children: (item: T) => ComponentChildren;
}) {
  if (items.length === 0 && empty === undefined) return null;
  const list = items.map((item) => <li>{children(item)}</li>);
  return (
    <Section title={title}>
      {items.length === 0 ? <Empty>{empty}</Empty> : ordered ? <ol>{list}</ol> : <ul>{list}</ul>}
    </Section>
  );
}

/** A desk's page of one procedure: the breadcrumb, then, once the tender is loaded, its heading and `children`. */
export function DeskTender({
  desk,
  deskHref,
  tenderId,
  state,
  badge,
  when,
  children,
}: {
  desk: string;
  deskHref: string;
  tenderId: string;
  state: Async<TenderView>;
  badge: (view: TenderView) => BadgeKind;
  when: (view: TenderView) => [label: string, at: string] | null | undefined;
  children: (view: TenderView) => ComponentChildren;
}) {
  return (
    <>
      <DeskCrumb desk={desk} deskHref={deskHref} tenderId={tenderId} />
      <Loaded state={state}>
        {(view) => (
          <>
            <TenderHeading view={view} badge={badge(view)} when={when(view)} />
            {children(view)}
          </>
        )}
      </Loaded>
    </>
  );
}

/** The options of a select of API codes: every code of the label group (but `except`), shown by its label. */
export function CodeOptions({ group, except = [] }: { group: keyof typeof LABELS; except?: string[] }) {
  return (
    <>
      {Object.keys(LABELS[group])
        .filter((code) => !except.includes(code))
        .map((code) => (
          <option value={code}>{label(group, code)}</option>
        ))}
    </>
  );
}

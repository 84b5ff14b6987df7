/**
 * Framework agreements (libs/frameworks): the public list, detail and catalogue; the central body's form to
 * establish an agreement; the buyer's cart (kept in the tab) and its orders; the supplier's answers to orders.
 * Amounts come from the API as decimal strings with their currency and are shown exactly (no float).
 */
import { useState } from 'preact/hooks';
import { api, currentSession, get, getFresh, newId, query } from '../api';
import { ActionForm, Badge, ErrorBox, InputField, Loaded, OrEmpty, Section, useAsync } from '../components/ui';
import { date } from '../format';
import { t } from '../i18n';
import { Link, navigate } from '../router';
import INEGI_STATES from '../../../../libs/buying-units/domain/inegi-states.json';

type Decimal = { amount: string; currency: string };
type Offer = { supplierId: string; supplierName: string | null; unitPrice: Decimal | null };
type CatalogueEntry = {
  agreementId: string;
  agreementTitle: string;
  validTo: string;
  regions: string[];
  itemId: string;
  classification: { scheme: string; id: string };
  description: string;
  unit: string;
  priceFixed: boolean;
  offers: Offer[];
};
type AgreementSummary = {
  agreementId: string;
  title: string;
  centralBuyingUnitName: string | null;
  status: 'pending' | 'active' | 'expired';
  validFrom: string;
  validTo: string;
  regions: string[];
  suppliers: Array<{ supplierId: string; supplierName: string | null }>;
  ceilings: Decimal[];
  remaining: Decimal[];
};
type OrderSummary = {
  orderId: string;
  agreementId: string;
  agreementTitle: string;
  buyingUnitName: string | null;
  supplierId: string;
  supplierName: string | null;
  status: 'placed' | 'accepted' | 'rejected';
  lines: Array<{ itemId: string; quantity: number; unitPrice: Decimal; total: Decimal }>;
  totals: Decimal[];
  placedAt: string;
  rejectionReason: string | null;
};
type AgreementDetail = {
  agreementId: string;
  title: string;
  status: AgreementSummary['status'];
  validFrom: string;
  validTo: string;
  regions: string[];
  items: Array<{
    itemId: string;
    description: string;
    unit: string;
    classification: { scheme: string; id: string };
    priceFixed: boolean;
    prices: Array<{ supplierId: string; unitPrice: Decimal }>;
    maxQuantity: number | null;
    orderedQuantity: number;
  }>;
  ceilings: Decimal[];
  remaining: Decimal[];
  orders: Array<Omit<OrderSummary, 'agreementTitle' | 'buyingUnitName' | 'supplierName'>>;
};

const formats = new Map<string, Intl.NumberFormat>();
/** "498.50" MXN → "$498.50", exactly (Intl formats the decimal string). */
export function decimalMoney(value: Decimal | null | undefined): string {
  if (!value) return '—';
  let format = formats.get(value.currency);
  if (!format)
    formats.set(
      value.currency,
      (format = new Intl.NumberFormat('es-MX', { style: 'currency', currency: value.currency })),
    );
  return format.format(value.amount as Intl.StringNumericLiteral);
}
const amounts = (values: Decimal[]) => values.map(decimalMoney).join(' · ');
const stateName = (code: string) => INEGI_STATES.find((s) => s.code === code)?.name ?? code;
const STATUS: Record<string, string> = {
  pending: 'Por iniciar',
  active: 'Vigente',
  expired: 'Vencido',
  placed: 'Pedido enviado',
  accepted: 'Aceptado',
  rejected: 'Rechazado',
};
const statusKind = (status: string) =>
  status === 'active' || status === 'accepted'
    ? 'good'
    : status === 'rejected' || status === 'expired'
      ? 'bad'
      : 'info';

const buyerUnit = () => {
  const session = currentSession();
  return session?.account.role === 'buyer' ? (session.account.buyingUnitId ?? null) : null;
};

// ---- public: agreements and their detail ---------------------------------------------------------------------

export function FrameworkAgreements() {
  const list = useAsync(() => get<AgreementSummary[]>('/api/framework-agreements'), []);
  return (
    <>
      <h1>{t('Convenios marco')}</h1>
      <p class="muted">
        {t(
          'Acuerdos de un área consolidadora con sus proveedores: precios y montos máximos para que las unidades compren por catálogo.',
        )}{' '}
        <Link href="/catalogo">{t('Buscar en el catálogo')}</Link>
      </p>
      <Loaded state={list}>
        {(agreements) => (
          <OrEmpty items={agreements} empty={t('Aún no hay convenios marco.')}>
            {(rows) => (
              <ul class="results" data-testid="framework-agreements">
                {rows.map((a) => (
                  <li class="result card">
                    <h2>
                      <Link href={`/convenios-marco/${encodeURIComponent(a.agreementId)}`}>{a.title}</Link>
                    </h2>
                    <p>
                      <Badge kind={statusKind(a.status)}>{t(STATUS[a.status])}</Badge> {a.centralBuyingUnitName ?? ''} ·{' '}
                      {t('Vigencia: {from} a {to}', { from: date(a.validFrom), to: date(a.validTo) })}
                    </p>
                    <p>
                      {t('Monto máximo')}: {amounts(a.ceilings)} ·{' '}
                      <strong>
                        {t('Disponible')}: {amounts(a.remaining)}
                      </strong>
                    </p>
                    <p class="muted">
                      {t('Entidades')}: {a.regions.map(stateName).join(', ')} · {t('Proveedores')}:{' '}
                      {a.suppliers.map((s) => s.supplierName ?? s.supplierId).join(', ')}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </OrEmpty>
        )}
      </Loaded>
    </>
  );
}

export function FrameworkAgreementPage({ agreementId }: { agreementId: string }) {
  const detail = useAsync(
    () => getFresh<AgreementDetail>(`/api/framework-agreements/${encodeURIComponent(agreementId)}`),
    [agreementId],
  );
  return (
    <Loaded state={detail}>
      {(a) => (
        <>
          <h1>{a.title}</h1>
          <p>
            <Badge kind={statusKind(a.status)}>{t(STATUS[a.status])}</Badge>{' '}
            {t('Vigencia: {from} a {to}', { from: date(a.validFrom), to: date(a.validTo) })} · {t('Entidades')}:{' '}
            {a.regions.map(stateName).join(', ')}
          </p>
          <p data-testid="framework-remaining">
            {t('Monto máximo')}: {amounts(a.ceilings)} ·{' '}
            <strong>
              {t('Disponible')}: {amounts(a.remaining)}
            </strong>
          </p>
          <Section title={t('Catálogo del convenio')}>
            <ul>
              {a.items.map((item) => (
                <li>
                  <span class="mono">{item.classification.id}</span> {item.description} ({item.unit}):{' '}
                  {item.priceFixed
                    ? item.prices.map((p) => decimalMoney(p.unitPrice)).join(' · ')
                    : t('precio por segunda competencia')}
                  {item.maxQuantity !== null &&
                    ` · ${t('pedidos {ordered} de {max}', { ordered: item.orderedQuantity, max: item.maxQuantity })}`}
                </li>
              ))}
            </ul>
          </Section>
          <Section title={t('Pedidos')}>
            <OrEmpty items={a.orders} empty={t('Aún no hay pedidos.')}>
              {(orders) => (
                <ul>
                  {orders.map((o) => (
                    <li>
                      {date(o.placedAt)} · {amounts(o.totals)} ·{' '}
                      <Badge kind={statusKind(o.status)}>{t(STATUS[o.status])}</Badge>
                    </li>
                  ))}
                </ul>
              )}
            </OrEmpty>
          </Section>
        </>
      )}
    </Loaded>
  );
}

// ---- the catalogue, with the buyer's cart ----------------------------------------------------------------------

type CartLine = {
  agreementId: string;
  agreementTitle: string;
  supplierId: string;
  supplierName: string;
  itemId: string;
  description: string;
  unitPrice: Decimal;
  quantity: number;
};
const CART_KEY = 'licita.framework-cart';
const readCart = (): CartLine[] => {
  try {
    return JSON.parse(sessionStorage.getItem(CART_KEY) ?? '[]') as CartLine[];
  } catch {
    return [];
  }
};

export function Catalogue() {
  const unit = buyerUnit();
  const [q, setQ] = useState('');
  const [region, setRegion] = useState('');
  const [code, setCode] = useState('');
  const [searched, setSearched] = useState({ q: '', region: '', code: '' });
  const results = useAsync(
    () =>
      get<CatalogueEntry[]>(
        `/api/framework-catalogue${query({ q: searched.q || undefined, region: searched.region || undefined, code: searched.code || undefined, buyingUnitId: unit ?? undefined })}`,
      ),
    [searched.q, searched.region, searched.code, unit],
  );
  const [cart, setCartState] = useState<CartLine[]>(readCart());
  const setCart = (lines: CartLine[]) => {
    sessionStorage.setItem(CART_KEY, JSON.stringify(lines));
    setCartState(lines);
  };
  const add = (entry: CatalogueEntry, offer: Offer) => {
    const same = (l: CartLine) =>
      l.agreementId === entry.agreementId && l.itemId === entry.itemId && l.supplierId === offer.supplierId;
    const existing = cart.find(same);
    setCart(
      existing
        ? cart.map((l) => (same(l) ? { ...l, quantity: l.quantity + 1 } : l))
        : [
            ...cart,
            {
              agreementId: entry.agreementId,
              agreementTitle: entry.agreementTitle,
              supplierId: offer.supplierId,
              supplierName: offer.supplierName ?? offer.supplierId,
              itemId: entry.itemId,
              description: entry.description,
              unitPrice: offer.unitPrice as Decimal,
              quantity: 1,
            },
          ],
    );
  };
  return (
    <>
      <h1>{t('Catálogo de convenios marco')}</h1>
      <form
        class="card row"
        role="search"
        onSubmit={(event) => (event.preventDefault(), setSearched({ q, region, code: code.trim() }))}
      >
        <InputField
          label={t('Buscar en el catálogo')}
          value={q}
          onInput={(event) => setQ((event.target as HTMLInputElement).value)}
        />
        <InputField
          label={t('Clave del clasificador')}
          value={code}
          onInput={(event) => setCode((event.target as HTMLInputElement).value)}
        />
        <label class="field">
          <span class="field-label">{t('Entidad')}</span>
          <select value={region} onChange={(event) => setRegion((event.target as HTMLSelectElement).value)}>
            <option value="">{t('Todas')}</option>
            {INEGI_STATES.map((s) => (
              <option value={s.code}>{s.name}</option>
            ))}
          </select>
        </label>
        <button type="submit">{t('Buscar')}</button>
      </form>
      <Loaded state={results}>
        {(entries) => (
          <OrEmpty items={entries} empty={t('Ningún artículo de un convenio vigente coincide.')}>
            {(rows) => (
              <ul class="results" data-testid="catalogue-results">
                {rows.map((entry) => (
                  <li class="result card" data-testid="catalogue-item">
                    <h2>{entry.description}</h2>
                    <p class="muted">
                      <span class="mono">
                        {entry.classification.scheme} {entry.classification.id}
                      </span>{' '}
                      · {entry.unit} ·{' '}
                      <Link href={`/convenios-marco/${encodeURIComponent(entry.agreementId)}`}>
                        {entry.agreementTitle}
                      </Link>
                    </p>
                    {entry.priceFixed ? (
                      <table class="stack">
                        <thead>
                          <tr>
                            <th>{t('Proveedor')}</th>
                            <th class="num">{t('Precio unitario')}</th>
                            {unit && <th />}
                          </tr>
                        </thead>
                        <tbody>
                          {entry.offers.map((offer) => (
                            <tr>
                              <td>{offer.supplierName ?? offer.supplierId}</td>
                              <td class="num">{decimalMoney(offer.unitPrice)}</td>
                              {unit && (
                                <td>
                                  <button
                                    type="button"
                                    aria-label={t('Agregar al carrito: {item} de {supplier}', {
                                      item: entry.description,
                                      supplier: offer.supplierName ?? offer.supplierId,
                                    })}
                                    onClick={() => add(entry, offer)}
                                  >
                                    {t('Agregar al carrito')}
                                  </button>
                                </td>
                              )}
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    ) : (
                      <p>{t('Precio por definir en una segunda competencia entre los proveedores del convenio.')}</p>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </OrEmpty>
        )}
      </Loaded>
      {unit && <Cart unit={unit} lines={cart} setLines={setCart} />}
    </>
  );
}

/** The cart, one order per agreement and supplier. */
function Cart({ unit, lines, setLines }: { unit: string; lines: CartLine[]; setLines: (lines: CartLine[]) => void }) {
  const [placed, setPlaced] = useState<string[]>([]);
  const groups = new Map<string, CartLine[]>();
  for (const line of lines) {
    const key = `${line.agreementId}|${line.supplierId}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  const setQuantity = (target: CartLine, quantity: number) =>
    setLines(lines.map((l) => (l === target ? { ...l, quantity } : l)));
  return (
    <Section title={t('Mi carrito')}>
      {placed.length > 0 && (
        <p class="notice" role="status">
          {t('Pedido enviado al proveedor.')}
        </p>
      )}
      <OrEmpty items={[...groups.values()]} empty={t('Tu carrito está vacío.')}>
        {(orders) => (
          <>
            {orders.map((group) => (
              <div class="card" data-testid="cart-order">
                <h3>
                  {group[0].supplierName} · {group[0].agreementTitle}
                </h3>
                <ul>
                  {group.map((line) => (
                    <li>
                      {line.description} · {decimalMoney(line.unitPrice)} ×{' '}
                      <input
                        type="number"
                        min="1"
                        step="1"
                        style={{ width: '6em' }}
                        aria-label={t('Cantidad de {item}', { item: line.description })}
                        value={line.quantity}
                        onInput={(event) => setQuantity(line, Number((event.target as HTMLInputElement).value))}
                      />{' '}
                      <button type="button" onClick={() => setLines(lines.filter((l) => l !== line))}>
                        {t('Quitar')}
                      </button>
                    </li>
                  ))}
                </ul>
                <ActionForm
                  submit={t('Hacer pedido')}
                  action={() =>
                    api(
                      'POST',
                      `/api/framework-agreements/${encodeURIComponent(group[0].agreementId)}/orders`,
                      {
                        buyingUnitId: unit,
                        supplierId: group[0].supplierId,
                        lines: group.map((l) => ({ itemId: l.itemId, quantity: l.quantity, unitPrice: l.unitPrice })),
                      },
                      { idempotencyKey: newId() },
                    )
                  }
                  onDone={(result: { orderId: string }) => {
                    setPlaced([...placed, result.orderId]);
                    setLines(lines.filter((l) => !group.includes(l)));
                  }}
                />
              </div>
            ))}
          </>
        )}
      </OrEmpty>
    </Section>
  );
}

// ---- the central body's desk: establishing an agreement -------------------------------------------------------

type ItemDraft = {
  code: string;
  description: string;
  unit: string;
  maxQuantity: string;
  priceFixed: boolean;
  prices: Record<string, string>;
};
type TenderForAgreement = {
  tenderId: string;
  title: string;
  lotResults: Array<{ award: { supplierId: string } | null }>;
};

export function EstablishAgreement() {
  const unit = buyerUnit();
  const tenders = useAsync(
    async () => (unit ? get<Array<{ tenderId: string; title: string; status: string }>>('/api/tenders') : []),
    [unit],
  );
  const [tenderId, setTenderId] = useState('');
  const tender = useAsync(
    () => (tenderId ? get<TenderForAgreement>(`/api/tenders/${encodeURIComponent(tenderId)}`) : Promise.resolve(null)),
    [tenderId],
  );
  const winners = [
    ...new Set((tender.data?.lotResults ?? []).flatMap((lot) => (lot.award ? [lot.award.supplierId] : []))),
  ];
  const names = useAsync(
    async () =>
      Object.fromEntries(
        await Promise.all(
          winners.map(async (id) => [
            id,
            (await get<{ legalName: string }>(`/api/suppliers/${encodeURIComponent(id)}`)).legalName,
          ]),
        ),
      ) as Record<string, string>,
    [winners.join(',')],
  );
  const [title, setTitle] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [validTo, setValidTo] = useState('');
  const [regions, setRegions] = useState<string[]>([]);
  const [ceiling, setCeiling] = useState('');
  const [authorised, setAuthorised] = useState<string[]>([]);
  const units = useAsync(
    () => get<{ items: Array<{ buyingUnitId: string; code: string; name: string }> }>('/api/buying-units?limit=100'),
    [],
  );
  const [items, setItems] = useState<ItemDraft[]>([
    { code: '', description: '', unit: '', maxQuantity: '', priceFixed: true, prices: {} },
  ]);
  if (!unit) return <p>{t('Entra con tu cuenta de comprador.')}</p>;
  const change = (index: number, patch: Partial<ItemDraft>) =>
    setItems(items.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  const body = () => ({
    centralBuyingUnitId: unit,
    tenderId,
    title,
    validFrom: validFrom ? `${validFrom}T06:00:00.000Z` : '',
    validTo: validTo ? `${validTo}T06:00:00.000Z` : '',
    regions,
    authorisedBuyingUnitIds: authorised.length > 0 ? authorised : 'all',
    items: items.map((item, index) => ({
      itemId: String(index + 1),
      classification: { scheme: 'CUCOP', id: item.code.trim() },
      description: item.description,
      unit: item.unit,
      maxQuantity: item.maxQuantity.trim() ? Number(item.maxQuantity) : null,
      priceFixed: item.priceFixed,
      prices: winners.map((supplierId) => ({
        supplierId,
        ...(item.priceFixed ? { unitPrice: { amount: (item.prices[supplierId] ?? '').trim(), currency: 'MXN' } } : {}),
      })),
    })),
    ceilings: ceiling.trim() ? [{ amount: ceiling.trim(), currency: 'MXN' }] : [],
  });
  return (
    <>
      <h1>{t('Establecer un convenio marco')}</h1>
      <p class="muted">{t('Solo un área consolidadora designada por el registrador establece convenios marco.')}</p>
      <ActionForm
        submit={t('Establecer convenio marco')}
        action={() => api('POST', '/api/framework-agreements', body(), { idempotencyKey: newId() })}
        onDone={(result: { agreementId: string }) =>
          navigate(`/convenios-marco/${encodeURIComponent(result.agreementId)}`)
        }
      >
        <label class="field">
          <span class="field-label">{t('Procedimiento adjudicado')}</span>
          <select value={tenderId} onChange={(event) => setTenderId((event.target as HTMLSelectElement).value)}>
            <option value="">{t('Elige un procedimiento')}</option>
            {(tenders.data ?? [])
              .filter((x) => x.status === 'awarded' || x.status === 'contracted' || x.status === 'completed')
              .map((x) => (
                <option value={x.tenderId}>{x.title}</option>
              ))}
          </select>
        </label>
        <InputField
          label={t('Título del convenio')}
          name="title"
          value={title}
          onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
        />
        <InputField
          label={t('Vigente desde')}
          type="date"
          name="validFrom"
          value={validFrom}
          onInput={(e) => setValidFrom((e.target as HTMLInputElement).value)}
        />
        <InputField
          label={t('Vigente hasta')}
          type="date"
          name="validTo"
          value={validTo}
          onInput={(e) => setValidTo((e.target as HTMLInputElement).value)}
        />
        <label class="field">
          <span class="field-label">{t('Entidades que cubre')}</span>
          <select
            multiple
            size={6}
            onChange={(event) =>
              setRegions([...(event.target as HTMLSelectElement).selectedOptions].map((option) => option.value))
            }
          >
            {INEGI_STATES.map((s) => (
              <option value={s.code} selected={regions.includes(s.code)}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field-label">{t('Unidades autorizadas (ninguna elegida: todas)')}</span>
          <select
            multiple
            size={4}
            onChange={(event) =>
              setAuthorised([...(event.target as HTMLSelectElement).selectedOptions].map((option) => option.value))
            }
          >
            {(units.data?.items ?? []).map((u) => (
              <option value={u.buyingUnitId} selected={authorised.includes(u.buyingUnitId)}>
                {u.code} · {u.name}
              </option>
            ))}
          </select>
        </label>
        <InputField
          label={t('Monto máximo (MXN)')}
          name="ceilings"
          value={ceiling}
          onInput={(e) => setCeiling((e.target as HTMLInputElement).value)}
        />
        <ErrorBox error={tender.error} />
        {items.map((item, index) => (
          <fieldset class="card" data-testid="agreement-item">
            <legend>{t('Artículo {n}', { n: index + 1 })}</legend>
            <InputField
              label={t('Clave CUCoP')}
              value={item.code}
              onInput={(e) => change(index, { code: (e.target as HTMLInputElement).value })}
            />
            <InputField
              label={t('Descripción')}
              value={item.description}
              onInput={(e) => change(index, { description: (e.target as HTMLInputElement).value })}
            />
            <InputField
              label={t('Unidad de medida')}
              value={item.unit}
              onInput={(e) => change(index, { unit: (e.target as HTMLInputElement).value })}
            />
            <InputField
              label={t('Cantidad máxima (opcional)')}
              inputMode="decimal"
              value={item.maxQuantity}
              onInput={(e) => change(index, { maxQuantity: (e.target as HTMLInputElement).value })}
            />
            <label>
              <input
                type="checkbox"
                style={{ width: 'auto' }}
                checked={!item.priceFixed}
                onChange={(e) => change(index, { priceFixed: !(e.target as HTMLInputElement).checked })}
              />{' '}
              {t('Precio por segunda competencia')}
            </label>
            {item.priceFixed &&
              winners.map((supplierId) => (
                <InputField
                  label={t('Precio unitario de {supplier}', { supplier: names.data?.[supplierId] ?? supplierId })}
                  value={item.prices[supplierId] ?? ''}
                  onInput={(e) =>
                    change(index, { prices: { ...item.prices, [supplierId]: (e.target as HTMLInputElement).value } })
                  }
                />
              ))}
          </fieldset>
        ))}
        <p>
          <button
            type="button"
            onClick={() =>
              setItems([
                ...items,
                { code: '', description: '', unit: '', maxQuantity: '', priceFixed: true, prices: {} },
              ])
            }
          >
            {t('Agregar artículo')}
          </button>
        </p>
      </ActionForm>
    </>
  );
}

// ---- the supplier's desk: orders to answer ---------------------------------------------------------------------

export function SupplierFrameworkOrders({ supplierId }: { supplierId: string }) {
  const orders = useAsync(
    () => getFresh<OrderSummary[]>(`/api/framework-orders${query({ supplierId })}`),
    [supplierId],
  );
  return (
    <Section title={t('Pedidos de convenios marco')}>
      <Loaded state={orders}>
        {(list) => (
          <OrEmpty items={list} empty={t('No tienes pedidos de convenios marco.')}>
            {(rows) => (
              <ul class="results" data-testid="framework-orders">
                {rows.map((order) => (
                  <li class="result" data-testid="framework-order">
                    <p>
                      <strong>{order.buyingUnitName ?? ''}</strong> · {order.agreementTitle} · {date(order.placedAt)} ·{' '}
                      {amounts(order.totals)} · <Badge kind={statusKind(order.status)}>{t(STATUS[order.status])}</Badge>
                    </p>
                    <ul>
                      {order.lines.map((line) => (
                        <li>
                          {line.itemId}: {line.quantity} × {decimalMoney(line.unitPrice)} = {decimalMoney(line.total)}
                        </li>
                      ))}
                    </ul>
                    {order.rejectionReason && (
                      <p>
                        {t('Motivo del rechazo')}: {order.rejectionReason}
                      </p>
                    )}
                    {order.status === 'placed' && <AnswerOrder order={order} onDone={orders.reload} />}
                  </li>
                ))}
              </ul>
            )}
          </OrEmpty>
        )}
      </Loaded>
    </Section>
  );
}

function AnswerOrder({ order, onDone }: { order: OrderSummary; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const path = `/api/framework-agreements/${encodeURIComponent(order.agreementId)}/orders/${encodeURIComponent(order.orderId)}`;
  return (
    <div class="row">
      <ActionForm submit={t('Aceptar pedido')} action={() => api('POST', `${path}/accept`)} onDone={onDone} />
      <ActionForm
        submit={t('Rechazar pedido')}
        action={() => api('POST', `${path}/reject`, { reason })}
        onDone={onDone}
      >
        <InputField
          label={t('Motivo del rechazo')}
          name="reason"
          value={reason}
          onInput={(e) => setReason((e.target as HTMLInputElement).value)}
        />
      </ActionForm>
    </div>
  );
}

// ---- the registrar's desk: central purchasing bodies -----------------------------------------------------------

type CentralBody = { buyingUnitId: string; name: string | null; designatedAt: string };

export function CentralPurchasingBodies() {
  const bodies = useAsync(() => getFresh<CentralBody[]>('/api/central-purchasing-bodies'), []);
  const units = useAsync(
    () => get<{ items: Array<{ buyingUnitId: string; code: string; name: string }> }>('/api/buying-units?limit=100'),
    [],
  );
  const [unit, setUnit] = useState('');
  return (
    <Section title={t('Áreas consolidadoras (convenios marco)')}>
      <Loaded state={bodies}>
        {(list) => (
          <OrEmpty items={list} empty={t('Ninguna unidad es área consolidadora.')}>
            {(rows) => (
              <ul data-testid="central-bodies">
                {rows.map((body) => (
                  <li>
                    {body.name ?? body.buyingUnitId} · {t('desde el {date}', { date: date(body.designatedAt) })}
                  </li>
                ))}
              </ul>
            )}
          </OrEmpty>
        )}
      </Loaded>
      <ActionForm
        submit={t('Designar área consolidadora')}
        action={() =>
          api('POST', '/api/central-purchasing-bodies', { buyingUnitId: unit }, { idempotencyKey: newId() })
        }
        onDone={bodies.reload}
      >
        <label class="field">
          <span class="field-label">{t('Unidad por designar')}</span>
          <select value={unit} onChange={(event) => setUnit((event.target as HTMLSelectElement).value)}>
            <option value="">{t('Elige una unidad')}</option>
            {(units.data?.items ?? []).map((u) => (
              <option value={u.buyingUnitId}>
                {u.code} · {u.name}
              </option>
            ))}
          </select>
        </label>
      </ActionForm>
    </Section>
  );
}

/**
 * Market research (investigación de mercado): the buyer asks the register's suppliers of a classifier code for
 * indicative prices, watches the answers and their statistics and attaches the research to a tender of its
 * unit; a supplier answers what was sent to it; the public tender page shows the statistics once attached.
 * Every place an answer or a statistic shows says it is not an offer.
 */
import { useEffect, useState } from 'preact/hooks';
import type {
  ItemStatistics,
  PriceStatistic,
  PublicResearch,
  ResearchAnswer,
  ResearchDetail,
  ResearchSummary,
} from '@licita/market-research';
import type { UnitTender } from '@licita/tendering';
import { api, ApiError, currentSession, get, newId } from '../api';
import { ClassifierPicker, describe } from '../components/classifier-picker';
import { type Column, ResultItem, Results, SignInFirst, SignInLink, Table } from '../components/blocks';
import { ActionForm, Badge, Field, InputField, Loaded, Money, Section, useAsync } from '../components/ui';
import {
  basisPoints,
  centavosToDecimal,
  dateTime,
  isoToMexicoLocal,
  mexicoLocalToIso,
  number,
  parseMoney,
} from '../format';
import { t, tn } from '../i18n';
import { Link, navigate } from '../router';
import { useRefresh } from '../refresh';
import { serverNow, syncServerClock } from '../server-clock';

const BUYER_DESK = '/comprador/investigaciones';
const SUPPLIER_DESK = '/proveedor/investigaciones';
const DAY = 86_400_000;

/** Said next to every answer and statistic: the API's `offer: false`, in words. */
function NotAnOffer() {
  return (
    <p class="notice" data-testid="not-an-offer">
      {t(
        'Precios indicativos de una investigación de mercado: no son ofertas, no obligan a nadie y no forman parte de ningún procedimiento.',
      )}
    </p>
  );
}

const role = () => currentSession()?.account.role;

function StatusBadge({ research }: { research: Pick<ResearchSummary, 'status' | 'tenderId'> }) {
  if (research.tenderId) return <Badge kind="info">{t('Vinculada a un procedimiento')}</Badge>;
  return research.status === 'open' ? (
    <Badge kind="good">{t('Recibe respuestas')}</Badge>
  ) : (
    <Badge kind="neutral">{t('Cerrada')}</Badge>
  );
}

// ------------------------------------------------------------------------------------------------ buyer

export function BuyerResearchDesk() {
  const [creating, setCreating] = useState(false);
  const list = useAsync(() => get<ResearchSummary[]>('/api/market-research'), []);
  if (role() !== 'buyer')
    return (
      <SignInFirst title={t('Investigaciones de mercado')}>
        <SignInLink>{t('Entra con tu cuenta de comprador.')}</SignInLink>
      </SignInFirst>
    );
  return (
    <>
      <p class="crumb">
        <Link href="/comprador">{t('Escritorio del comprador')}</Link>
      </p>
      <h1>{t('Investigaciones de mercado')}</h1>
      <p>
        <button type="button" onClick={() => setCreating(!creating)} aria-expanded={creating}>
          {creating ? t('Cerrar el formulario') : t('Nueva investigación de mercado')}
        </button>
      </p>
      {creating && <ResearchForm />}
      <Section title={t('Investigaciones de mi unidad')}>
        <Loaded state={list}>
          {(items) => (
            <Results items={items} empty={t('Tu unidad aún no pide precios indicativos.')}>
              {(research) => (
                <ResultItem href={`${BUYER_DESK}/${research.researchId}`} title={research.title}>
                  <StatusBadge research={research} />
                  <span>
                    {t('{answers} de {suppliers} proveedores respondieron', {
                      answers: research.answerCount ?? 0,
                      suppliers: research.supplierCount ?? 0,
                    })}
                  </span>
                  <span>{t('Fecha límite: {date}', { date: dateTime(research.deadline) })}</span>
                </ResultItem>
              )}
            </Results>
          )}
        </Loaded>
      </Section>
    </>
  );
}

type ItemDraft = { classifierCode: string; description: string; quantity: string; unit: string };

function ResearchForm() {
  const [title, setTitle] = useState('');
  const [deadline, setDeadline] = useState('');
  // A week from the server's now, once its clock is known (the person may change it).
  useEffect(() => {
    void syncServerClock().then(() =>
      setDeadline((given) => given || isoToMexicoLocal(new Date(serverNow().getTime() + 7 * DAY).toISOString())),
    );
  }, []);
  const [items, setItems] = useState<ItemDraft[]>([]);
  const change = (index: number, field: keyof ItemDraft, value: string) =>
    setItems(items.map((item, i) => (i === index ? { ...item, [field]: value } : item)));
  const send = () =>
    api<{ researchId: string }>(
      'POST',
      '/api/market-research',
      {
        title,
        deadline: mexicoLocalToIso(deadline),
        items: items.map((item) => ({ ...item, quantity: Number(item.quantity) })),
      },
      { idempotencyKey: newId() },
    );
  return (
    <Section title={t('Nueva investigación de mercado')}>
      <p class="muted">
        {t(
          'Se envía a los proveedores verificados del registro que ofrecen la clave de algún concepto (o una clave que la contiene).',
        )}
      </p>
      <ActionForm
        submit={t('Enviar solicitud de precios')}
        action={send}
        onDone={(sent) => navigate(`${BUYER_DESK}/${sent.researchId}`)}
      >
        <InputField
          label={t('Título')}
          name="title"
          value={title}
          onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
        />
        <InputField
          label={t('Fecha límite de respuestas')}
          name="deadline"
          type="datetime-local"
          value={deadline}
          onInput={(e) => setDeadline((e.target as HTMLInputElement).value)}
        />
        {items.map((item, index) => (
          <fieldset class="item" data-testid="research-item">
            <legend>
              <span class="mono">{item.classifierCode}</span>
            </legend>
            <InputField
              label={t('Descripción del concepto')}
              field={`items[${index}].description`}
              value={item.description}
              onInput={(e) => change(index, 'description', (e.target as HTMLInputElement).value)}
            />
            <InputField
              label={t('Cantidad')}
              field={`items[${index}].quantity`}
              inputMode="decimal"
              value={item.quantity}
              onInput={(e) => change(index, 'quantity', (e.target as HTMLInputElement).value)}
            />
            <InputField
              label={t('Unidad de medida')}
              field={`items[${index}].unit`}
              value={item.unit}
              onInput={(e) => change(index, 'unit', (e.target as HTMLInputElement).value)}
            />
          </fieldset>
        ))}
        <ClassifierPicker
          id="research-code"
          label={t('Agregar concepto del clasificador')}
          onPick={(entry) =>
            setItems([
              ...items,
              { classifierCode: entry.code, description: describe(entry), quantity: '1', unit: 'pieza' },
            ])
          }
        />
      </ActionForm>
    </Section>
  );
}

export function BuyerResearch({ researchId }: { researchId: string }) {
  const research = useAsync(
    () => get<ResearchDetail>(`/api/market-research/${encodeURIComponent(researchId)}`),
    [researchId],
  );
  // Answers come in until the deadline: asked again while the page is shown.
  useRefresh(research.reload, research.data?.status === 'open');
  return (
    <>
      <p class="crumb">
        <Link href={BUYER_DESK}>{t('Investigaciones de mercado')}</Link>
      </p>
      <Loaded state={research}>
        {(r) => (
          <>
            <h1>{r.title}</h1>
            <ResearchFacts research={r} />
            <NotAnOffer />
            <Section title={t('Estadísticas por concepto')}>
              <StatisticsTable items={r.statistics ?? []} />
            </Section>
            <Section title={t('Respuestas de los proveedores')}>
              <AnswersTable research={r} />
            </Section>
            {role() === 'buyer' && <AttachForm research={r} onDone={research.reload} />}
          </>
        )}
      </Loaded>
    </>
  );
}

function ResearchFacts({ research }: { research: ResearchDetail }) {
  return (
    <p class="facts">
      <StatusBadge research={research} />{' '}
      <span>{t('Fecha límite: {date}', { date: dateTime(research.deadline) })}</span>
      {research.supplierCount !== undefined && (
        <>
          {' · '}
          <span data-testid="answer-count">
            {t('{answers} de {suppliers} proveedores respondieron', {
              answers: research.answerCount ?? 0,
              suppliers: research.supplierCount,
            })}
          </span>
        </>
      )}
      {research.tenderId && (
        <>
          {' · '}
          <Link href={`/comprador/licitaciones/${research.tenderId}`}>{t('Procedimiento vinculado')}</Link>
        </>
      )}
    </p>
  );
}

/** One row per item and currency: count, minimum, median, maximum and spread ((max − min) / median). */
export function StatisticsTable({ items }: { items: ItemStatistics[] }) {
  const rows = items.flatMap((item) =>
    item.statistics.length === 0
      ? [{ item, statistic: null as PriceStatistic | null }]
      : item.statistics.map((statistic) => ({ item, statistic })),
  );
  const price = (pick: (s: PriceStatistic) => number) => (row: { statistic: PriceStatistic | null }) =>
    row.statistic ? <Money amount={pick(row.statistic)} currency={row.statistic.currency} /> : '—';
  const columns: Array<Column<(typeof rows)[number]>> = [
    { label: t('Clave'), mono: true, cell: (row) => row.item.classifierCode },
    { label: t('Concepto'), cell: (row) => row.item.description },
    { label: t('Cantidad'), num: true, cell: (row) => `${number(row.item.quantity)} ${row.item.unit}` },
    { label: t('Moneda'), cell: (row) => row.statistic?.currency ?? '—' },
    { label: t('Respuestas'), num: true, cell: (row) => number(row.statistic?.count ?? 0) },
    { label: t('Mínimo'), num: true, cell: price((s) => s.min) },
    { label: t('Mediana'), num: true, cell: price((s) => s.median) },
    { label: t('Máximo'), num: true, cell: price((s) => s.max) },
    { label: t('Dispersión'), num: true, cell: (row) => basisPoints(row.statistic?.spreadBasisPoints) },
  ];
  return (
    <>
      <Table columns={columns} rows={rows} rowTestId="research-statistic" />
      <p class="muted small">
        {t('Precio unitario por concepto y moneda, sin mezclar monedas. Dispersión = (máximo − mínimo) / mediana.')}
      </p>
    </>
  );
}

function AnswersTable({ research }: { research: ResearchDetail }) {
  const rows = research.suppliers ?? [];
  const answerOf = new Map(research.answers.map((answer) => [answer.supplierId, answer]));
  const itemPrice = (itemId: string) => (row: { supplierId: string }) => {
    const found = answerOf.get(row.supplierId)?.prices.find((price) => price.itemId === itemId);
    return found ? <Money amount={found.unitPrice} /> : '—';
  };
  const columns: Array<Column<(typeof rows)[number]>> = [
    { label: t('Proveedor'), cell: (row) => row.legalName ?? row.supplierId },
    ...research.items.map((item) => ({ label: item.description, num: true, cell: itemPrice(item.itemId) })),
    {
      label: t('Respondió'),
      cell: (row) => {
        const answer = answerOf.get(row.supplierId);
        return answer ? answerWhen(answer) : t('Sin respuesta');
      },
    },
    { label: t('Notas'), cell: (row) => answerOf.get(row.supplierId)?.notes ?? '' },
  ];
  return <Table columns={columns} rows={rows} rowTestId="research-answer" />;
}

const answerWhen = (answer: ResearchAnswer) =>
  answer.revision > 1
    ? t('{date} (revisión {n})', { date: dateTime(answer.answeredAt), n: answer.revision })
    : dateTime(answer.answeredAt);

function AttachForm({ research, onDone }: { research: ResearchDetail; onDone: () => void }) {
  const tenders = useAsync(() => get<UnitTender[]>('/api/tenders'), []);
  const [tenderId, setTenderId] = useState('');
  if (research.tenderId || research.status === 'open') {
    return research.tenderId ? null : (
      <Section title={t('Vincular a un procedimiento')}>
        <p class="muted">{t('Podrás vincularla a un procedimiento de tu unidad después de la fecha límite.')}</p>
      </Section>
    );
  }
  return (
    <Section title={t('Vincular a un procedimiento')}>
      <Loaded state={tenders}>
        {(list) => {
          const open = list.filter((tender) => !['cancelled', 'deserted'].includes(tender.status));
          return (
            <ActionForm
              submit={t('Vincular investigación')}
              action={() =>
                api('POST', `/api/market-research/${research.researchId}/attach`, {
                  tenderId: tenderId || open[0]?.tenderId,
                })
              }
              onDone={onDone}
            >
              <Field label={t('Procedimiento de mi unidad')}>
                <select value={tenderId} onChange={(e) => setTenderId((e.target as HTMLSelectElement).value)}>
                  {open.map((tender) => (
                    <option value={tender.tenderId}>
                      {tender.number ? `${tender.number} · ${tender.title}` : tender.title}
                    </option>
                  ))}
                </select>
              </Field>
              <p class="muted small">
                {t(
                  'Al publicarse el procedimiento, su página pública mostrará solo las estadísticas, sin proveedores.',
                )}
              </p>
            </ActionForm>
          );
        }}
      </Loaded>
    </Section>
  );
}

// ------------------------------------------------------------------------------------------------ supplier

export function SupplierResearchDesk() {
  const list = useAsync(() => get<ResearchSummary[]>('/api/market-research'), []);
  if (role() !== 'supplier')
    return (
      <SignInFirst title={t('Solicitudes de precios')}>
        <SignInLink>{t('Entra con tu cuenta de proveedor')}</SignInLink>
      </SignInFirst>
    );
  return (
    <>
      <p class="crumb">
        <Link href="/proveedor">{t('Escritorio del proveedor')}</Link>
      </p>
      <h1>{t('Solicitudes de precios')}</h1>
      <NotAnOffer />
      <Loaded state={list}>
        {(items) => (
          <Results items={items} empty={t('No tienes solicitudes de precios indicativos.')}>
            {(research) => (
              <ResultItem href={`${SUPPLIER_DESK}/${research.researchId}`} title={research.title}>
                <StatusBadge research={research} />
                <span>{t('Fecha límite: {date}', { date: dateTime(research.deadline) })}</span>
                <span>
                  {research.answeredAt
                    ? t('Respondiste el {date}', { date: dateTime(research.answeredAt) })
                    : t('Sin respuesta')}
                </span>
              </ResultItem>
            )}
          </Results>
        )}
      </Loaded>
    </>
  );
}

export function SupplierResearch({ researchId }: { researchId: string }) {
  const research = useAsync(
    () => get<ResearchDetail>(`/api/market-research/${encodeURIComponent(researchId)}`),
    [researchId],
  );
  return (
    <>
      <p class="crumb">
        <Link href={SUPPLIER_DESK}>{t('Solicitudes de precios')}</Link>
      </p>
      <Loaded state={research}>
        {(r) => (
          <>
            <h1>{r.title}</h1>
            <ResearchFacts research={r} />
            <NotAnOffer />
            {r.status === 'open' ? (
              <AnswerForm research={r} onDone={research.reload} />
            ) : (
              <p class="muted">{t('El plazo para responder venció.')}</p>
            )}
            {r.answers[0] && <OwnAnswer research={r} answer={r.answers[0]} />}
          </>
        )}
      </Loaded>
    </>
  );
}

function AnswerForm({ research, onDone }: { research: ResearchDetail; onDone: () => void }) {
  const previous = research.answers[0];
  const [prices, setPrices] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      research.items.map((item) => {
        const found = previous?.prices.find((price) => price.itemId === item.itemId);
        return [item.itemId, found ? centavosToDecimal(found.unitPrice.amount) : ''];
      }),
    ),
  );
  const [currency, setCurrency] = useState(previous?.prices[0]?.unitPrice.currency ?? 'MXN');
  const [notes, setNotes] = useState(previous?.notes ?? '');
  const [validUntil, setValidUntil] = useState(previous?.validUntil ?? '');
  const send = () => {
    const priced = research.items
      .filter((item) => (prices[item.itemId] ?? '').trim() !== '')
      .map((item) => {
        const amount = parseMoney(prices[item.itemId]);
        if (amount === null) throw new ApiError(422, 'market_research.invalid_answer', item.description);
        return { itemId: item.itemId, unitPrice: { amount, currency } };
      });
    return api('PUT', `/api/market-research/${research.researchId}/answer`, {
      prices: priced,
      notes: notes.trim() || null,
      validUntil: validUntil || null,
    });
  };
  return (
    <Section title={previous ? t('Revisar mi respuesta') : t('Responder con precios indicativos')}>
      <ActionForm submit={previous ? t('Enviar revisión') : t('Enviar respuesta')} action={send} onDone={onDone}>
        {research.items.map((item) => (
          <InputField
            label={t('Precio unitario de {item} ({quantity} {unit})', {
              item: item.description,
              quantity: number(item.quantity),
              unit: item.unit,
            })}
            inputMode="decimal"
            value={prices[item.itemId]}
            onInput={(e) => setPrices({ ...prices, [item.itemId]: (e.target as HTMLInputElement).value })}
          />
        ))}
        <Field label={t('Moneda')}>
          <select value={currency} onChange={(e) => setCurrency((e.target as HTMLSelectElement).value)}>
            {['MXN', 'USD', 'EUR'].map((code) => (
              <option value={code}>{code}</option>
            ))}
          </select>
        </Field>
        <InputField
          label={t('Vigencia de los precios (opcional)')}
          type="date"
          value={validUntil}
          onInput={(e) => setValidUntil((e.target as HTMLInputElement).value)}
        />
        <InputField
          label={t('Notas (opcional)')}
          value={notes}
          onInput={(e) => setNotes((e.target as HTMLInputElement).value)}
        />
      </ActionForm>
    </Section>
  );
}

function OwnAnswer({ research, answer }: { research: ResearchDetail; answer: ResearchAnswer }) {
  return (
    <Section title={t('Mi respuesta')}>
      <p data-testid="own-answer">
        {t('Enviada: {date}', { date: answerWhen(answer) })}.{' '}
        {answer.prices.map((price) => {
          const item = research.items.find((one) => one.itemId === price.itemId);
          return (
            <span class="price">
              {item?.description}: <Money amount={price.unitPrice} />{' '}
            </span>
          );
        })}
      </p>
      <p class="muted small">{t('Solo tú y la unidad compradora ven tus precios; el público ve solo estadísticas.')}</p>
    </Section>
  );
}

// ------------------------------------------------------------------------------------------------ public

/** The tender page's block: nothing unless a research is attached and the tender is public. */
export function TenderResearchBlock({ tenderId }: { tenderId: string }) {
  const research = useAsync(
    () =>
      get<PublicResearch>(`/api/tenders/${encodeURIComponent(tenderId)}/market-research`).catch((error) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }),
    [tenderId],
  );
  const shown = research.data;
  if (!shown) return null;
  return (
    <section class="card" aria-labelledby="market-research" data-testid="market-research">
      <h2 id="market-research">{t('Investigación de mercado (precios indicativos)')}</h2>
      <p>
        {shown.title} · {tn(shown.answerCount, '{n} proveedor respondió', '{n} proveedores respondieron')} ·{' '}
        {t('Fecha límite: {date}', { date: dateTime(shown.deadline) })}
      </p>
      <NotAnOffer />
      <StatisticsTable items={shown.items} />
    </section>
  );
}

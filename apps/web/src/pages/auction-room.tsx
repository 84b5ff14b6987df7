/**
 * The live auction room. Joins `/auctions` over Socket.IO with the signed-in person's token (none: the public),
 * from sequence 0 so the server replays every bid for the chart, then follows live. On a lost connection it
 * says so at once, hides the bid box, and on reconnect joins again with the last sequence it saw: the server
 * sends the fresh snapshot and exactly the missed messages. Time is the server's: the countdown runs on the
 * offset measured at each join.
 */
import { Chart } from 'chart.js';
import { io, type Socket } from 'socket.io-client';
import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { currentSession, freshToken, get, newId } from '../api';
import {
  emptyRoom,
  withMessage,
  withPosition,
  withSnapshot,
  type AuctionMessage,
  type Position,
  type RoomState,
} from '../auction-state';
import { PALETTE } from '../components/chart';
import { Badge, ErrorBox, Money, Section, errorText, useAsync } from '../components/ui';
import { basisPoints, clock, countdown, money, number, parseMoney } from '../format';
import { currentLanguage, label, t } from '../i18n';
import { PUBLIC } from '../paths';
import { Link } from '../router';
import type { AuctionSnapshot, PublicTender } from '../types';
import { ApiError } from '../api';

type Action =
  | { type: 'snapshot'; snapshot: AuctionSnapshot }
  | { type: 'message'; message: AuctionMessage }
  | { type: 'position'; position: Position };

function reduce(state: RoomState, action: Action): RoomState {
  if (action.type === 'snapshot') return withSnapshot(state, action.snapshot);
  if (action.type === 'message') return withMessage(state, action.message);
  return withPosition(state, action.position);
}

/** "Participant 3" → "Participante 3" in Spanish. */
export const participant = (text: string) =>
  currentLanguage() === 'es' ? text.replace(/^Participant (\d+)$/, 'Participante $1') : text;

type Connection = 'connecting' | 'live' | 'offline';

export function AuctionRoom({ auctionId }: { auctionId: string }) {
  const [state, dispatch] = useReducer(reduce, undefined, emptyRoom);
  const { connection, joinError, offset, socket } = useAuctionSocket(auctionId, state.lastSequence, dispatch);
  const snapshot = state.snapshot;
  if (joinError && !snapshot) return <ErrorBox error={joinError} />;
  if (!snapshot)
    return (
      <p class="muted">
        {connection === 'offline' ? t('Sin conexión; reintentando…') : t('Conectando con la subasta…')}
      </p>
    );

  const you = connection === 'live' && snapshot.phase !== 'closed' ? snapshot.you : null;
  return (
    <>
      <RoomHeader snapshot={snapshot} />
      <Banners state={state} snapshot={snapshot} connection={connection} />
      <Countdown snapshot={snapshot} offset={offset.current} closed={state.closed !== null} />
      <RoomKpis snapshot={snapshot} />
      <div class="grid">
        <Section title={t('Precio en el tiempo')}>
          <PriceChart state={state} />
        </Section>
        <Section title={t('Posiciones')}>
          <Ranking snapshot={snapshot} />
        </Section>
      </div>
      <div style={{ height: '1rem' }} />
      {you && socket.current && <BidBox socket={socket.current} snapshot={snapshot} you={you} />}
      {!currentSession() && snapshot.phase !== 'closed' && (
        <p class="muted">{t('Vista pública. Los proveedores participantes entran con su cuenta para pujar.')}</p>
      )}
    </>
  );
}

/**
 * Which procedure and lot the auction is for: the procedure's number and title and the lot's title, from the
 * public record (the snapshot names them by id only); the ids while it loads or when it cannot be read.
 */
function RoomHeader({ snapshot }: { snapshot: AuctionSnapshot }) {
  const tender = useAsync(() => get<PublicTender>(PUBLIC.tender(snapshot.tenderId)), [snapshot.tenderId]);
  const record = tender.data;
  const lot = record?.lots.find((l) => l.lotId === snapshot.lotId);
  return (
    <>
      <p class="muted small">
        <Link href={`/licitaciones/${encodeURIComponent(snapshot.tenderId)}`}>
          {t('Procedimiento')} {record?.number ?? snapshot.tenderId}
        </Link>{' '}
        › {t('Partida')} {lot?.title ?? snapshot.lotId}
      </p>
      {record?.number && (
        <p class="procedure-number" data-testid="procedure-number">
          {record.number}
        </p>
      )}
      <h1 data-testid="auction-title">{record?.title ?? t('Subasta inversa en vivo')}</h1>
      <p class="lead" data-testid="auction-lot">
        {t('Subasta inversa en vivo')} · {t('Partida')}: <strong>{lot?.title ?? snapshot.lotId}</strong>
      </p>
    </>
  );
}

/**
 * The room's socket: joins on every (re)connection from the last sequence seen, measures the server clock's
 * offset at each join, and feeds every message and position to `dispatch`.
 */
function useAuctionSocket(auctionId: string, seen: number, dispatch: (action: Action) => void) {
  const [connection, setConnection] = useState<Connection>('connecting');
  const [joinError, setJoinError] = useState<unknown>(null);
  const offset = useRef(0);
  const socketRef = useRef<Socket | null>(null);
  const lastSequence = useRef(-1);
  lastSequence.current = seen;

  useEffect(() => {
    const socket = io('/auctions', {
      transports: ['websocket', 'polling'],
      auth: (give) =>
        void freshToken().then(
          (token) => give(token ? { token } : {}),
          () => give({}),
        ),
      reconnectionDelay: 300,
      reconnectionDelayMax: 3000,
    });
    socketRef.current = socket;
    const join = () => {
      const sentAt = Date.now();
      const resumeFrom = lastSequence.current >= 0 ? lastSequence.current : 0;
      socket
        .timeout(10_000)
        .emit(
          'auction.join',
          { auctionId, lastSequence: resumeFrom },
          (error: unknown, reply: { status: string; snapshot?: AuctionSnapshot; code?: string }) => {
            if (error) return socket.disconnect().connect();
            if (reply.status !== 'joined' || !reply.snapshot)
              return setJoinError(new ApiError(404, reply.code ?? 'auction.not_found', reply.code ?? ''));
            const receivedAt = Date.now();
            offset.current = Date.parse(reply.snapshot.serverTime) - (sentAt + receivedAt) / 2;
            dispatch({ type: 'snapshot', snapshot: reply.snapshot });
            setJoinError(null);
            setConnection('live');
          },
        );
    };
    socket.on('connect', join);
    socket.on('disconnect', (reason) => {
      setConnection('offline');
      // The server closed this socket (a restart, a sanction): Socket.IO does not retry that by itself.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 500);
    });
    socket.on('connect_error', () => setConnection('offline'));
    socket.on('auction.error', join);
    for (const event of ['bid.accepted', 'auction.extended', 'auction.closed'])
      socket.on(event, (message: AuctionMessage) => dispatch({ type: 'message', message }));
    socket.on('auction.position', (position: Position) => dispatch({ type: 'position', position }));
    return () => socket.close();
  }, [auctionId]);
  return { connection, joinError, offset, socket: socketRef };
}

function Banners({
  state,
  snapshot,
  connection,
}: {
  state: RoomState;
  snapshot: AuctionSnapshot;
  connection: Connection;
}) {
  return (
    <div aria-live="assertive">
      {connection === 'offline' && (
        <p class="banner banner-offline">{t('Conexión perdida: reconectando… Los datos se actualizarán al volver.')}</p>
      )}
      {state.closed ? (
        <p class="banner banner-closed" data-testid="closed-banner">
          {t('Subasta cerrada. Precio final {price}; ahorro {savings} ({pct}).', {
            price: money(state.closed.finalPrice, snapshot.currency),
            savings: money(state.closed.savings.amount, snapshot.currency),
            pct: basisPoints(state.closed.savings.basisPoints),
          })}
        </p>
      ) : (
        state.extendedTo && (
          <p class="banner banner-extended" data-testid="extended-banner">
            {t('¡Subasta extendida! Una puja en los últimos segundos movió el cierre a las {time}.', {
              time: clock(Date.parse(state.extendedTo)),
            })}
          </p>
        )
      )}
    </div>
  );
}

function RoomKpis({ snapshot }: { snapshot: AuctionSnapshot }) {
  const best = snapshot.ranking[0];
  const bestOpening = Math.min(...snapshot.ranking.map((line) => line.openingPrice));
  return (
    <div class="card kpis">
      <div class="kpi">
        {t('Mejor precio')}
        <b data-testid="best-price">{best ? money(best.amount, snapshot.currency) : '—'}</b>
      </div>
      <div class="kpi">
        {t('Pujas')}
        <b data-testid="bid-count">{number(snapshot.bidCount)}</b>
      </div>
      <div class="kpi">
        {t('Ahorro sobre la mejor oferta inicial')}
        <b>{best ? money(bestOpening - best.amount, snapshot.currency) : '—'}</b>
      </div>
      <div class="kpi">
        {t('Decremento mínimo')}
        <b>
          {snapshot.minimumDecrement.kind === 'absolute'
            ? money(snapshot.minimumDecrement.amount, snapshot.currency)
            : basisPoints(snapshot.minimumDecrement.basisPoints)}
        </b>
      </div>
    </div>
  );
}

function Countdown({ snapshot, offset, closed }: { snapshot: AuctionSnapshot; offset: number; closed: boolean }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 250);
    return () => clearInterval(timer);
  }, []);
  const now = Date.now() + offset;
  const starts = Date.parse(snapshot.startsAt);
  const ends = Date.parse(snapshot.endsAt);
  const phase = closed ? 'closed' : now < starts ? 'scheduled' : now < ends ? 'running' : 'ended';
  return (
    <div class="card auction-head">
      <div>
        <Badge kind={phase === 'running' ? 'good' : phase === 'closed' ? 'neutral' : 'info'}>
          {label('phase', phase)}
        </Badge>
        <div class="muted small">
          {t('Hora del servidor')}: <span data-testid="server-time">{clock(now)}</span> · {t('Cierre')}: {clock(ends)}
          {snapshot.maximumEndsAt && (
            <>
              {' '}
              · {t('cierre máximo')} {clock(Date.parse(snapshot.maximumEndsAt))}
            </>
          )}
        </div>
      </div>
      <div class="countdown" role="timer" aria-live="off" aria-label={t('Tiempo restante')} data-testid="countdown">
        {phase === 'scheduled'
          ? `${t('Inicia en')} ${countdown(starts - now)}`
          : phase === 'running'
            ? countdown(ends - now)
            : phase === 'ended'
              ? t('Cerrando…')
              : t('Cerrada')}
      </div>
    </div>
  );
}

function Ranking({ snapshot }: { snapshot: AuctionSnapshot }) {
  return (
    <div class="table-wrap">
      <table data-testid="ranking">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('Participante')}</th>
            <th class="num">{t('Precio')}</th>
            <th class="num">{t('Pujas')}</th>
            <th>{t('Última puja')}</th>
          </tr>
        </thead>
        <tbody>
          {snapshot.ranking.map((line) => (
            <tr class={line.you ? 'you' : undefined} data-label={line.label}>
              <td>{line.rank}</td>
              <td>
                {participant(line.label)}
                {line.name && <div class="small">{line.name}</div>}
                {line.you && <Badge kind="good">{t('Tú')}</Badge>}
                {line.abnormallyLow && <Badge kind="warn">{t('Precio anormalmente bajo')}</Badge>}
              </td>
              <td class="num">
                <Money amount={line.amount} currency={snapshot.currency} />
              </td>
              <td class="num">{number(line.bids)}</td>
              <td>{line.lastBidAt && line.bids > 0 ? clock(Date.parse(line.lastBidAt)) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One stepped line per participant, from its opening price; points are pushed in as bids arrive. */
function PriceChart({ state }: { state: RoomState }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'line', Array<{ x: number; y: number }>> | null>(null);
  const snapshot = state.snapshot!;
  const labels = snapshot.ranking.map((line) => line.label).sort();
  useEffect(() => {
    chart.current = new Chart(canvas.current!, {
      type: 'line',
      data: {
        datasets: labels.map((name, i) => ({
          label: participant(name),
          data: [],
          stepped: 'before',
          borderColor: PALETTE[i % PALETTE.length],
          backgroundColor: PALETTE[i % PALETTE.length],
          pointRadius: 2,
          borderWidth: 2,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        parsing: false,
        scales: {
          x: { type: 'linear', ticks: { callback: (value) => clock(Number(value)), maxTicksLimit: 6 } },
          y: { ticks: { callback: (value) => money(Math.round(Number(value) * 100), snapshot.currency) } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) =>
                `${item.dataset.label}: ${money(Math.round((item.parsed.y ?? 0) * 100), snapshot.currency)}`,
            },
          },
        },
      },
    });
    return () => chart.current?.destroy();
  }, [labels.join()]);
  useEffect(() => {
    const current = chart.current;
    if (!current) return;
    const start = Date.parse(snapshot.startsAt);
    const byLabel = new Map(labels.map((name) => [name, [] as Array<{ x: number; y: number }>]));
    for (const line of snapshot.ranking) byLabel.get(line.label)!.push({ x: start, y: line.openingPrice / 100 });
    for (const point of [...state.points.values()].sort((a, b) => a.sequence - b.sequence))
      byLabel.get(point.label)?.push({ x: point.at, y: point.amount / 100 });
    // Each line runs on to the latest bid, so a price that stands is drawn as standing.
    const latest = Math.max(start, ...[...state.points.values()].map((point) => point.at));
    for (const line of byLabel.values()) if (line.at(-1)!.x < latest) line.push({ x: latest, y: line.at(-1)!.y });
    labels.forEach((name, i) => (current.data.datasets[i].data = byLabel.get(name)!));
    // The axis runs from the start to the (possibly extended) end: before the start, with no bid yet, it still
    // shows the auction's time span rather than one instant.
    const x = current.options.scales?.x;
    if (x) {
      x.min = start;
      x.max = Math.max(Date.parse(snapshot.endsAt), latest);
      // The axis's span, for the browser tests (the chart itself is a canvas).
      Object.assign(current.canvas.parentElement!.dataset, { axisFrom: String(x.min), axisTo: String(x.max) });
    }
    current.update('none');
    // When the chart last drew new bids (epoch ms): lets a test measure bid-to-screen time in the browser itself.
    current.canvas.parentElement!.dataset.updatedAt = String(Date.now());
  }, [state.points, snapshot.ranking, snapshot.endsAt]);
  return (
    <div class="chart" style={{ height: '300px' }} data-testid="price-chart" data-points={state.points.size}>
      <canvas
        ref={canvas}
        role="img"
        aria-label={t('Precio de cada participante en el tiempo; la tabla de posiciones tiene los mismos datos')}
      />
    </div>
  );
}

type BidAck =
  | { status: 'accepted'; amount: number; sequence: number }
  | { status: 'rejected' | 'error'; code: string; message?: string; details?: { highestAcceptable?: unknown } };

/** Sends the bid; once more, with the same clientBidId, when the service was briefly unavailable. */
async function sendBid(socket: Socket, auctionId: string, amount: number): Promise<BidAck> {
  const clientBidId = newId();
  const send = () =>
    socket.timeout(10_000).emitWithAck('bid.place', { auctionId, amount, clientBidId }) as Promise<BidAck>;
  const ack = await send();
  return ack.status === 'error' && ack.code === 'service.unavailable' ? send() : ack;
}

function outcomeOf(ack: BidAck, currency: string): { ok: boolean; text: string } {
  if (ack.status === 'accepted')
    return {
      ok: true,
      text: t('Puja aceptada: {amount} (número {seq}).', { amount: money(ack.amount, currency), seq: ack.sequence }),
    };
  const highest = ack.details?.highestAcceptable;
  const reason = errorText(new ApiError(422, ack.code, ack.message ?? ack.code));
  return {
    ok: false,
    text: `${t('Puja rechazada')}: ${reason}${typeof highest === 'number' ? ` ${t('Puja máxima válida: {amount}.', { amount: money(highest, currency) })}` : ''}`,
  };
}

/** The share of one's own current price a bid may drop without asking for confirmation (index.html's meta). */
export function bidConfirmShare(): number {
  const percent = Number(
    document.querySelector<HTMLMetaElement>('meta[name="licita-bid-confirm-percent"]')?.content ?? '10',
  );
  return Number.isFinite(percent) && percent > 0 ? percent / 100 : 0.1;
}

/** Whether a bid of `amount` lowers `current` by more than `share` of it (a typo such as a missing digit). */
export const dropsTooMuch = (current: number, amount: number, share: number) => current - amount > current * share;

function BidBox({
  socket,
  snapshot,
  you,
}: {
  socket: Socket;
  snapshot: AuctionSnapshot;
  you: NonNullable<AuctionSnapshot['you']>;
}) {
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const running = snapshot.phase === 'running' || snapshot.phase === 'scheduled' || snapshot.phase === 'ended';
  const place = async (event: Event) => {
    event.preventDefault();
    const centavos = parseMoney(amount);
    if (centavos === null) return setOutcome({ ok: false, text: t('Escribe un monto en pesos, p. ej. 9,990.00') });
    if (dropsTooMuch(you.amount, centavos, bidConfirmShare())) {
      setOutcome(null);
      return setConfirming(centavos);
    }
    await send(centavos);
  };
  const send = async (centavos: number) => {
    setConfirming(null);
    setBusy(true);
    setOutcome(null);
    try {
      const ack = await sendBid(socket, snapshot.auctionId, centavos);
      setOutcome(outcomeOf(ack, snapshot.currency));
      if (ack.status === 'accepted') setAmount('');
    } catch {
      setOutcome({ ok: false, text: t('Sin respuesta del servidor; revisa la conexión y vuelve a intentarlo.') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title={t('Tu puja')}>
      <div class="bidbox" data-testid="bid-box">
        <p>
          {t('Eres {label} ({name}).', { label: participant(you.label), name: you.name })} {t('Tu lugar')}:{' '}
          <strong data-testid="own-rank">{you.rank}</strong> · {t('Tu precio')}:{' '}
          <Money amount={you.amount} currency={snapshot.currency} />
        </p>
        <p class="big">
          {t('Siguiente puja válida: a lo más')}{' '}
          <span data-testid="next-bid">{money(you.highestAcceptableBid, snapshot.currency)}</span>
        </p>
        <form class="row" onSubmit={place}>
          <label class="field" style={{ flex: '1 1 14rem' }}>
            <span class="field-label">{t('Nuevo precio (MXN)')}</span>
            <input
              name="amount"
              inputMode="decimal"
              value={amount}
              onInput={(event) => {
                setAmount((event.target as HTMLInputElement).value);
                setConfirming(null);
              }}
              placeholder={(you.highestAcceptableBid / 100).toFixed(2)}
              disabled={!running}
            />
          </label>
          <button type="submit" disabled={busy || !running}>
            {t('Pujar')}
          </button>
        </form>
        {confirming !== null && (
          <div class="notice" role="alertdialog" aria-label={t('Confirma tu puja')} data-testid="bid-confirm">
            <p>
              {t('Tu puja de {amount} baja tu precio actual en {percent}. ¿Es correcta?', {
                amount: money(confirming, snapshot.currency),
                percent: `${Math.round(((you.amount - confirming) / you.amount) * 1000) / 10} %`,
              })}
            </p>
            <div class="row">
              <button type="button" disabled={busy} onClick={() => void send(confirming)}>
                {t('Sí, pujar')}
              </button>
              <button type="button" class="secondary" onClick={() => setConfirming(null)}>
                {t('Corregir')}
              </button>
            </div>
          </div>
        )}
        {outcome && (
          <p class={outcome.ok ? 'success' : 'error'} role="status" data-testid="bid-outcome">
            {outcome.text}
          </p>
        )}
      </div>
    </Section>
  );
}

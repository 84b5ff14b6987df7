/**
 * Socket.IO suppliers in a process of their own (forked by auction-live.bench.ts), so the server measured does
 * not share its event loop with the clients. Messages from the parent: `connect`, then `flood`; it answers
 * `connected` and `report` (and exits after the report).
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';

type Connect = { type: 'connect'; url: string; tokens: string[] };
/** Each socket keeps `window` bids in flight, each one step below its last, for `seconds`. */
type Flood = { type: 'flood'; auctionId: string; openingPrice: number; seconds: number; window: number };

let sockets: Socket[] = [];

async function connect({ url, tokens }: Connect): Promise<void> {
  sockets = tokens.map((token) =>
    io(url, { transports: ['websocket'], reconnection: false, auth: token ? { token } : {} }),
  );
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((done, fail) => {
          socket.once('connect', () => done());
          socket.once('connect_error', fail);
        }),
    ),
  );
}

async function flood({ auctionId, openingPrice, seconds, window }: Flood) {
  const deadline = Date.now() + seconds * 1000;
  const started = performance.now();
  const latencies: number[] = [];
  const codes: Record<string, number> = {};
  let accepted = 0;
  await Promise.all(
    sockets.map(async (socket) => {
      let price = openingPrice;
      await Promise.all(
        Array.from({ length: window }, async () => {
          while (Date.now() < deadline) {
            price -= 1;
            const sent = performance.now();
            const ack = await socket
              .timeout(30_000)
              .emitWithAck('bid.place', { auctionId, amount: price, clientBidId: randomUUID() });
            latencies.push(performance.now() - sent);
            if (ack.status === 'accepted') accepted++;
            else codes[ack.code] = (codes[ack.code] ?? 0) + 1;
          }
        }),
      );
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  for (const socket of sockets) socket.close();
  return { accepted, sent: latencies.length, elapsed, p50: at(50), p99: at(99), codes };
}

process.on('message', (message: Connect | Flood) => {
  if (message.type === 'connect')
    void connect(message).then(
      () => process.send!({ type: 'connected' }),
      (error) => process.send!({ type: 'failed', error: String(error) }),
    );
  if (message.type === 'flood')
    void flood(message).then((result) => process.send!({ type: 'report', ...result }, () => process.exit(0)));
});

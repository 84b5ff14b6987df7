/**
 * Socket.IO suppliers in a process of their own (forked by auction-live.bench.ts), so the server measured does
 * not share its event loop with the clients. Messages from the parent: `connect`, then `flood`; it answers
 * `connected` and `report` (and exits after the report).
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { floodBids } from './bid-flood';

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
  const result = await floodBids(
    sockets.length,
    { openingPrice, seconds, window },
    (bidder, amount) =>
      sockets[bidder]
        .timeout(30_000)
        .emitWithAck('bid.place', { auctionId, amount, clientBidId: randomUUID() }) as Promise<{
        status: string;
        code?: string;
      }>,
  );
  for (const socket of sockets) socket.close();
  return result;
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

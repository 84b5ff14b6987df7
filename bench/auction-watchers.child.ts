/**
 * Socket.IO watchers in a process of their own (forked by auction-live.bench.ts), so the server's event loop
 * is not shared with a thousand clients. Messages from the parent: `watch` then `report`.
 */
import { io, type Socket } from 'socket.io-client';

type Watch = { type: 'watch'; url: string; count: number; auctionId?: string };
type Report = { type: 'report'; expected: number };

const sockets: Socket[] = [];
const latencies: number[] = [];
let received = 0;
let last = 0;

async function watch({ url, count, auctionId }: Watch): Promise<void> {
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, () =>
      io(url, { transports: ['websocket'], reconnection: false }),
    );
    sockets.push(...batch);
    await Promise.all(
      batch.map((socket) => new Promise<void>((connected) => socket.once('connect', () => connected()))),
    );
  }
  for (const socket of sockets) {
    socket.on('bid.accepted', (message: { sentAt?: number; data: { placedAt: string } }) => {
      last = Date.now();
      received++;
      latencies.push(last - (message.sentAt ?? Date.parse(message.data.placedAt)));
    });
  }
  if (auctionId)
    await Promise.all(sockets.map((socket) => socket.timeout(60_000).emitWithAck('auction.join', { auctionId })));
}

async function report({ expected }: Report) {
  const deadline = Date.now() + 120_000;
  while (received < expected && Date.now() < deadline) await new Promise((next) => setTimeout(next, 10));
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  for (const socket of sockets) socket.close();
  return { received, last, p50: at(50), p99: at(99) };
}

process.on('message', (message: Watch | Report) => {
  if (message.type === 'watch') void watch(message).then(() => process.send!({ type: 'ready' }));
  if (message.type === 'report')
    void report(message).then((result) => process.send!({ type: 'report', ...result }, () => process.exit(0)));
});

/** A Socket.IO client of the container test: joins an auction through the balancer and rejoins after losing its instance. */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';

export interface Message {
  event: string;
  sequence: number;
  data: { amount?: number; [key: string]: unknown };
}

export interface AcknowledgedBid {
  sequence: number;
  amount: number;
  clientBidId: string;
  latencyMs: number;
}

/**
 * Records every auction message in arrival order. When its API instance dies it connects again through the
 * balancer (which sends it to a live instance) and rejoins from the last sequence it holds, as the portal does.
 */
export class LiveClient {
  readonly messages: Message[] = [];
  /** Milliseconds from each unexpected disconnect to the rejoin's ack. */
  readonly rejoins: number[] = [];
  readonly acknowledged: AcknowledgedBid[] = [];
  rejected = 0;
  unanswered = 0;
  highestAcceptableBid?: number;
  private socket?: Socket;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly auctionId: string,
    private readonly token?: string,
  ) {}

  get lastSequence(): number | undefined {
    return this.messages.at(-1)?.sequence;
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  async open(): Promise<void> {
    const socket = io(`${this.url}/auctions`, {
      transports: ['websocket'],
      reconnection: false,
      auth: this.token ? { token: this.token } : {},
    });
    await new Promise<void>((connected, refused) => {
      socket.once('connect', () => connected());
      socket.once('connect_error', refused);
    });
    for (const event of ['bid.accepted', 'auction.extended', 'auction.closed'])
      socket.on(event, (message: Message) => this.messages.push(message));
    socket.on('auction.position', (position: { highestAcceptableBid?: number }) => {
      this.highestAcceptableBid = position.highestAcceptableBid ?? this.highestAcceptableBid;
    });
    const last = this.lastSequence;
    const reply = await socket
      .timeout(10_000)
      .emitWithAck(
        'auction.join',
        last === undefined ? { auctionId: this.auctionId } : { auctionId: this.auctionId, lastSequence: last },
      );
    if (reply.status !== 'joined') throw new Error(`join refused: ${JSON.stringify(reply)}`);
    this.highestAcceptableBid = reply.snapshot.you?.highestAcceptableBid ?? this.highestAcceptableBid;
    this.socket = socket;
    socket.once('disconnect', () => void this.rejoin());
  }

  async bid(): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected || this.highestAcceptableBid === undefined) return;
    const amount = this.highestAcceptableBid - Math.floor(Math.random() * 3) * 100;
    const clientBidId = randomUUID();
    const sent = Date.now();
    try {
      const ack = await socket
        .timeout(5_000)
        .emitWithAck('bid.place', { auctionId: this.auctionId, amount, clientBidId });
      if (ack.status === 'accepted') {
        this.acknowledged.push({
          sequence: ack.sequence,
          amount: ack.amount,
          clientBidId,
          latencyMs: Date.now() - sent,
        });
        this.highestAcceptableBid = Math.min(this.highestAcceptableBid ?? Infinity, ack.amount - 100);
      } else this.rejected++;
    } catch {
      this.unanswered++; // the instance died with the bid in flight: not acknowledged, so not promised
    }
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  private async rejoin(): Promise<void> {
    const lost = Date.now();
    while (!this.closed) {
      try {
        await this.open();
        this.rejoins.push(Date.now() - lost);
        return;
      } catch {
        await new Promise((wait) => setTimeout(wait, 200));
      }
    }
  }
}

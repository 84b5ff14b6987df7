/**
 * A stand-in for EventStoreDB's gRPC `Streams.Read`, for tests on a machine without the server. It serves an
 * in-memory `$all` with the server's documented read semantics (forward reads include the start position,
 * backward reads and subscriptions start after it) so the real client and its wire format are exercised. It
 * proves the adapter drives the client correctly; it does not prove EventStoreDB behaves like it: that is the
 * conformance suite's job against a real server (EVENTSTORE_URL).
 */
import { randomUUID } from 'node:crypto';
import { Server, ServerCredentials, type ServerWritableStream } from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';

export interface FakeEvent {
  position: bigint;
  streamId: string;
  type: string;
  revision?: bigint;
  data?: object;
  metadata?: object;
}

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

export class FakeEventStoreDb {
  readonly requests: ReadReq[] = [];
  cancelledSubscriptions = 0;
  private readonly log: Required<FakeEvent>[] = [];
  private readonly live = new Set<{ call: ReadCall; matches: (e: Required<FakeEvent>) => boolean }>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeEventStoreDb> {
    const server = new Server();
    const port = await new Promise<number>((bound, failed) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, p) =>
        error ? failed(error) : bound(p),
      ),
    );
    const fake = new FakeEventStoreDb(server, `esdb://127.0.0.1:${port}?tls=false`);
    server.addService(StreamsService, { read: (call: ReadCall) => fake.read(call) });
    return fake;
  }

  /** Adds events to `$all` and sends them to live subscriptions whose filter they pass. */
  append(...events: FakeEvent[]): void {
    for (const event of events) {
      const full = {
        revision: 0n,
        data: { n: 1 },
        metadata: { actor: 'account-1', correlationId: 'c-1', occurredAt: '2026-01-15T16:00:00.000Z' },
        ...event,
      };
      this.log.push(full);
      for (const { call, matches } of this.live) if (matches(full)) call.write(toResponse(full));
    }
  }

  get openSubscriptions(): number {
    return this.live.size;
  }

  stop(): Promise<void> {
    return new Promise((stopped) => this.server.tryShutdown(() => stopped()));
  }

  private read(call: ReadCall): void {
    this.requests.push(call.request);
    const options = call.request.getOptions()!;
    if (options.hasStream()) return this.readStream(call, options);
    const all = options.getAll()!;
    const from = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : undefined;
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    if (options.hasSubscription()) return this.subscribe(call, options, all.hasEnd() ? Infinity : from);

    const count = Number(options.getCount());
    const events = backwards
      ? [...this.log].reverse().filter((e) => all.hasEnd() || e.position < from!)
      : this.log.filter((e) => all.hasStart() || e.position >= from!);
    for (const event of events.slice(0, count)) call.write(toResponse(event));
    call.end();
  }

  private readStream(call: ReadCall, options: ReadReq.Options): void {
    const stream = options.getStream()!;
    const name = Buffer.from(stream.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
    const events = this.log.filter((e) => e.streamId === name);
    if (events.length === 0) {
      call.write(
        new ReadResp().setStreamNotFound(
          new ReadResp.StreamNotFound().setStreamIdentifier(stream.getStreamIdentifier()),
        ),
      );
      call.end();
      return;
    }
    const from = stream.hasRevision() ? BigInt(stream.getRevision()) : 0n;
    for (const event of events.filter((e) => e.revision >= from).slice(0, Number(options.getCount())))
      call.write(toResponse(event));
    call.end();
  }

  private subscribe(call: ReadCall, options: ReadReq.Options, after: bigint | number | undefined): void {
    const matches = filterOf(options);
    const subscription = { call, matches };
    this.live.add(subscription);
    call.on('cancelled', () => {
      this.cancelledSubscriptions++;
      this.live.delete(subscription);
    });
    call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
    for (const event of this.log)
      if ((after === undefined || event.position > after) && matches(event)) call.write(toResponse(event));
  }
}

function filterOf(options: ReadReq.Options): (event: Required<FakeEvent>) => boolean {
  if (!options.hasFilter()) return () => true;
  const filter = options.getFilter()!;
  const onStream = filter.hasStreamIdentifier();
  const expression = (onStream ? filter.getStreamIdentifier() : filter.getEventType())!;
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  return (event) => {
    const subject = onStream ? event.streamId : event.type;
    return regex ? regex.test(subject) : expression.getPrefixList().some((prefix) => subject.startsWith(prefix));
  };
}

function toResponse(event: Required<FakeEvent>): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(randomUUID()))
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(event.streamId)))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(event.position.toString())
    .setPreparePosition(event.position.toString())
    .setData(Buffer.from(JSON.stringify(event.data)))
    .setCustomMetadata(Buffer.from(JSON.stringify(event.metadata)));
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('content-type', 'application/json')
    .set('created', (BigInt(Date.parse('2026-01-15T16:00:00.123Z')) * 10_000n).toString());
  const read = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(event.position.toString());
  return new ReadResp().setEvent(read);
}

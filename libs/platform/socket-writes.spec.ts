import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { corkEachTurn } from './socket-writes';

describe('corkEachTurn', () => {
  let server: Server;
  let sending: Socket;
  let receiving: Socket;
  let received = '';

  beforeEach(async () => {
    received = '';
    server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const accepted = once(server, 'connection') as Promise<[Socket]>;
    receiving = connect((server.address() as { port: number }).port, '127.0.0.1');
    receiving.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    [sending] = await accepted;
  });

  afterEach(async () => {
    sending.destroy();
    receiving.destroy();
    server.close();
    await once(server, 'close');
  });

  /** How many times the socket handed data to the system (one `_write` or `_writev` each). */
  function countHandOffs(socket: Socket): () => number {
    let handOffs = 0;
    const internals = socket as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
    for (const name of ['_write', '_writev'] as const) {
      const original = internals[name].bind(socket);
      internals[name] = (...args: unknown[]) => {
        handOffs += 1;
        return original(...args);
      };
    }
    return () => handOffs;
  }

  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resume) => setTimeout(resume, 2));
  };

  it('hands the frames of one turn to the system at once, in order, and those of the next turn after them', async () => {
    corkEachTurn(sending);
    const handOffs = countHandOffs(sending);
    for (let i = 0; i < 50; i++) sending.write(`a${i};`);
    await Promise.resolve().then(() => sending.write('microtask;'));
    expect(handOffs()).toBe(0); // held until the turn ends
    await new Promise((resume) => setImmediate(resume));
    expect(handOffs()).toBe(1);
    sending.write('b;');
    sending.write('c;');
    const expected = [...Array.from({ length: 50 }, (_, i) => `a${i};`), 'microtask;', 'b;', 'c;'].join('');
    await until(() => received.length >= expected.length);
    expect(received).toBe(expected);
    expect(handOffs()).toBe(2);
  });

  it('without it, each write is its own hand-off (what the bid path paid per Socket.IO frame)', async () => {
    const handOffs = countHandOffs(sending);
    for (let i = 0; i < 50; i++) sending.write(`a${i};`);
    await until(() => received.length >= 50 * 3);
    expect(handOffs()).toBeGreaterThan(1);
  });

  it('is applied once however often it is asked, and leaves a destroyed socket alone', async () => {
    corkEachTurn(sending);
    corkEachTurn(sending);
    const handOffs = countHandOffs(sending);
    sending.write('x;');
    await new Promise((resume) => setImmediate(resume));
    expect(handOffs()).toBe(1);
    sending.destroy();
    expect(() => sending.write('after;')).not.toThrow();
  });
});

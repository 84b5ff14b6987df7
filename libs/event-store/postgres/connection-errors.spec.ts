import { isConnectionError } from './connection-errors';

describe('isConnectionError', () => {
  it.each([
    ['a refused socket', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })],
    ['an administrator shutdown', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['a connection exception class 08', Object.assign(new Error('x'), { code: '08006' })],
    ['a DNS failure', Object.assign(new Error('getaddrinfo'), { code: 'EAI_AGAIN' })],
    ["pg's lost connection", new Error('Connection terminated unexpectedly')],
    ['a database not accepting connections', new Error('database "x" is not currently accepting connections')],
    ["TypeORM wrapping pg's error", { message: 'query failed', driverError: { code: 'ECONNRESET' } }],
  ])('recognises %s', (_what, error) => expect(isConnectionError(error)).toBe(true));

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a plain error', new Error('boom')],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('does not take %s for one', (_what, error) => expect(isConnectionError(error)).toBe(false));
});

import { Controller, Get, Logger, Module } from '@nestjs/common';
import { startTestApi, type TestApi } from '../support/api-app';

@Controller('test')
class ChattyController {
  private readonly logger = new Logger(ChattyController.name);

  @Get('chatty')
  chatty() {
    this.logger.log('doing the work');
    return { done: true };
  }

  @Get('bug')
  bug() {
    throw new Error('secret internal detail');
  }
}

@Module({ controllers: [ChattyController] })
class ChattyModule {}

let api: TestApi;
const lines: Record<string, any>[] = [];

beforeAll(async () => {
  api = await startTestApi({
    imports: [ChattyModule],
    env: { LOG_LEVEL: 'info' },
    logs: { write: (line) => void lines.push(JSON.parse(line)) },
  });
});

afterAll(() => api?.close());

/** The request line is written when the response finishes, which may be just after the client has it. */
async function linesOf(correlationId: string): Promise<Record<string, any>[]> {
  const deadline = Date.now() + 5_000;
  const mine = () => lines.filter((line) => line.correlationId === correlationId);
  while (
    !mine().some((line) => line.msg === 'request completed' || line.msg === 'request errored') &&
    Date.now() < deadline
  ) {
    await new Promise((done) => setTimeout(done, 10));
  }
  return mine();
}

it("a handler's log lines and the request line carry the request's correlation id", async () => {
  await fetch(`${api.url}/test/chatty`, { headers: { 'x-correlation-id': 'chatty-1' } });

  expect(await linesOf('chatty-1')).toEqual([
    expect.objectContaining({ level: 30, context: 'ChattyController', msg: 'doing the work' }),
    expect.objectContaining({
      level: 30,
      msg: 'request completed',
      req: expect.objectContaining({ method: 'GET', url: '/test/chatty' }),
      res: { statusCode: 200 },
    }),
  ]);
});

it('an unexpected error is logged with its stack and the correlation id the client got', async () => {
  const response = await fetch(`${api.url}/test/bug`, { headers: { 'x-correlation-id': 'bug-1' } });
  expect(response.status).toBe(500);

  const [failure, request] = await linesOf('bug-1');
  expect(failure).toMatchObject({
    level: 50,
    code: 'internal',
    err: { message: 'secret internal detail', stack: expect.stringContaining('ChattyController.bug') },
  });
  expect(request).toMatchObject({ level: 50, msg: 'request errored', res: { statusCode: 500 } });
  expect(request.err).toBeUndefined();
});

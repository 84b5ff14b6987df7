import { Body, Controller, ForbiddenException, Get, Module, Param, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Length, Min, ValidateNested } from 'class-validator';
import { Client } from 'pg';
import { EventStoreUnavailable, WrongExpectedVersion } from '@licita/event-store/event-store.errors';
import { requestMetadata } from '@licita/platform/request-context';
import { DomainError, type DomainErrorKind } from '@licita/shared/domain-error';
import { useTestApi } from '../support/api-app';

class LineDto {
  @IsInt()
  @Min(1)
  quantity!: number;
}

class ThingDto {
  @IsString()
  @Length(1, 20)
  name!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines!: LineDto[];
}

@Controller('test')
class FailingController {
  @Get('domain/:kind')
  domain(@Param('kind') kind: DomainErrorKind) {
    throw new DomainError(`test.${kind}`, `a ${kind} domain error`, kind, { hint: 'details travel' });
  }

  @Get('wrong-version')
  wrongVersion() {
    throw new WrongExpectedVersion('tender-1', 3n, 4n);
  }

  @Get('event-store-down')
  eventStoreDown() {
    throw new EventStoreUnavailable('cannot reach the event store');
  }

  @Get('database-down')
  async databaseDown() {
    await new Client({
      connectionString: 'postgres://nobody:nothing@127.0.0.1:1/none',
      connectionTimeoutMillis: 2_000,
    }).connect();
  }

  @Get('forbidden')
  forbidden() {
    throw new ForbiddenException();
  }

  @Get('bug')
  bug() {
    throw new Error('secret internal detail');
  }

  @Post('things')
  create(@Body() thing: ThingDto) {
    return { thing, isDto: thing instanceof ThingDto, ...requestMetadata() };
  }
}

@Module({ controllers: [FailingController] })
class FailingModule {}

const api = useTestApi({ imports: [FailingModule], env: { HTTP_BODY_LIMIT: '2kb' } });

async function request(path: string, init: RequestInit = {}) {
  const response = await fetch(`${api().url}${path}`, init);
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    correlationId: response.headers.get('x-correlation-id'),
    text,
    body: JSON.parse(text),
  };
}

const postJson = (path: string, body: string, headers: Record<string, string> = {}) =>
  request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('errors are application/problem+json with a stable code', () => {
  it.each([
    ['invalid', 422],
    ['conflict', 409],
    ['not_found', 404],
    ['forbidden', 403],
    ['unauthorized', 401],
    ['gone', 410],
  ])('a %s DomainError answers %i with its code, message and details', async (kind, status) => {
    const response = await request(`/test/domain/${kind}`);
    expect(response.type).toBe('application/problem+json; charset=utf-8');
    expect(response.body).toEqual({
      type: `urn:licita:problem:test.${kind}`,
      title: expect.any(String),
      status,
      detail: `a ${kind} domain error`,
      instance: `/test/domain/${kind}`,
      code: `test.${kind}`,
      correlationId: response.correlationId,
      details: { hint: 'details travel' },
    });
  });

  it.each([
    ['a WrongExpectedVersion', '/test/wrong-version', 409, 'concurrency.conflict'],
    ['an unreachable event store', '/test/event-store-down', 503, 'service.unavailable'],
    ['a PostgreSQL connection failure', '/test/database-down', 503, 'service.unavailable'],
    ['an HttpException without a code (one from its status)', '/test/forbidden', 403, 'auth.forbidden'],
  ])('%s (%s) answers %i %s', async (_what, path, status, code) => {
    const response = await request(path);
    expect([response.status, response.body.code]).toEqual([status, code]);
  });

  it('an unexpected error answers 500 internal without its message or stack', async () => {
    const response = await request('/test/bug');
    expect([response.status, response.body.code]).toEqual([500, 'internal']);
    expect(response.text).not.toContain('secret internal detail');
    expect(response.text).not.toContain('stack');
    expect(response.body.correlationId).toBe(response.correlationId);
  });

  it('an unknown route answers 404 route.not_found', async () => {
    const response = await request('/no/such/route');
    expect(response.type).toBe('application/problem+json; charset=utf-8');
    expect([response.status, response.body.code]).toEqual([404, 'route.not_found']);
  });
});

describe('request bodies', () => {
  it('a valid body reaches the handler as the DTO class, inside the request context', async () => {
    const response = await postJson('/test/things', JSON.stringify({ name: 'pens', lines: [{ quantity: 2 }] }), {
      'x-correlation-id': 'client-chosen-id',
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      thing: { name: 'pens', lines: [{ quantity: 2 }] },
      isDto: true,
      actor: 'anonymous',
      correlationId: 'client-chosen-id',
    });
    expect(response.correlationId).toBe('client-chosen-id');
  });

  it('class-validator failures answer 400 request.invalid with an entry per field', async () => {
    const response = await postJson('/test/things', JSON.stringify({ name: '', lines: [{ quantity: 0 }] }));
    expect([response.status, response.body.code]).toEqual([400, 'request.invalid']);
    const forPeople = { code: 'request.invalid', message: 'Este dato falta o no es válido.' };
    expect(response.body.errors).toEqual([
      { field: 'name', messages: ['name must be longer than or equal to 1 characters'], ...forPeople },
      { field: 'lines.0.quantity', messages: ['quantity must not be less than 1'], ...forPeople },
    ]);
  });

  it('unknown fields are refused, not dropped', async () => {
    const response = await postJson('/test/things', JSON.stringify({ name: 'pens', lines: [], isAdmin: true }));
    expect([response.status, response.body.code]).toEqual([400, 'request.invalid']);
    expect(response.body.errors).toEqual([
      {
        field: 'isAdmin',
        messages: ['property isAdmin should not exist'],
        code: 'request.invalid',
        message: 'Este dato falta o no es válido.',
      },
    ]);
  });

  it('malformed JSON answers 400 request.malformed_json', async () => {
    const response = await postJson('/test/things', '{"name": ');
    expect(response.type).toBe('application/problem+json; charset=utf-8');
    expect([response.status, response.body.code]).toEqual([400, 'request.malformed_json']);
    expect(response.body.correlationId).toBe(response.correlationId);
  });

  it('a body over HTTP_BODY_LIMIT answers 413 request.too_large', async () => {
    const response = await postJson('/test/things', JSON.stringify({ name: 'x'.repeat(4_096), lines: [] }));
    expect([response.status, response.body.code]).toEqual([413, 'request.too_large']);
  });
});

describe('correlation id', () => {
  it('is generated when the client sends none, and echoed', async () => {
    const response = await postJson('/test/things', JSON.stringify({ name: 'pens', lines: [] }));
    expect(response.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.correlationId).toBe(response.correlationId);
  });

  it('replaces a client value that is not a plain token', async () => {
    const response = await postJson('/test/things', JSON.stringify({ name: 'pens', lines: [] }), {
      'x-correlation-id': 'evil\tvalue with spaces',
    });
    expect(response.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

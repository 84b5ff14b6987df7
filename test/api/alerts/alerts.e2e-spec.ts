import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AlertSender, smtpTransport } from '@licita/alerts';
import { ManualClock } from '@licita/shared';
import { PASSWORD } from '../register/register-api';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { at, DAY, eventually, HOUR, Party, TenderingApi } from '../tendering/tendering-api';
import { aTenderInAuction } from '../../web/scenarios';
import { Mailbox, type Received } from './mailbox';

/**
 * Alerts end to end: the real API with its projections and its own sender, a real SMTP server (smtp-server) that
 * receives and parses what is sent. Exactly one e-mail per (event, subscriber) across a restart and with senders
 * racing, retries with back-off while other deliveries go on, and the one-click unsubscribe.
 */
let mailbox: Mailbox;
let database: TestDatabase;
let world: TenderingApi;
let buyer: Party;
let unitId: string;
const clock = new ManualClock('2026-03-02T15:00:00.000Z');
const START = '2026-03-02T16:00:00.000Z';

const startWorld = async () =>
  TenderingApi.start(clock, database.url, {
    env: {
      SMTP_URL: mailbox.url,
      ALERTS_POLL_MS: '50',
      ALERTS_RETRY_BASE_MS: '60000',
      ALERTS_FROM: 'Licita <alertas@licita.example.mx>',
    },
  });

beforeAll(async () => {
  mailbox = await Mailbox.start();
  database = await createTestDatabase('alerts', { migrated: true });
  world = await startWorld();
  unitId = await world.buyingUnit();
  buyer = await world.buyer(unitId);
}, 120_000);

afterAll(async () => {
  await world?.close();
  await database?.drop();
  await mailbox?.close();
});

const mail = (address: string, count: number, what = 'e-mails'): Promise<Received[]> =>
  mailbox.received(address, count, what);

/** The path and query of a link in an e-mail, on the test's API (links start with PUBLIC_URL). */
const onApi = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
};

/** Every projection has applied the log, and the senders have had time to send what was due. */
async function settled(): Promise<void> {
  await world.api.caughtUp();
  await eventually('nothing due is left unsent', async () => {
    const [row]: Array<{ due: number }> = await world.api.db.query(
      `SELECT count(*)::int AS due FROM alert_outbox WHERE status = 'pending' AND next_attempt_at <= $1`,
      [clock.now()],
    );
    return row.due === 0;
  });
}

/** A follower who signed up, confirmed its address through the link mailed to it, and is logged in. */
async function aConfirmedFollower(name: string): Promise<Party> {
  const email = `${name}-${randomUUID().slice(0, 8)}@lectores.example.mx`;
  const signedUp = await world.anonymous('POST', '/api/followers', { email, password: PASSWORD });
  expect(signedUp).toMatchObject({ status: 201, body: { email } });
  const [confirmation] = await mail(email, 1, 'confirmation');
  expect(confirmation.subject).toBe('Confirme su correo para recibir avisos de Licita');
  const token = new URL(confirmation.link(/alertas\/confirmar/)).searchParams.get('token');
  expect(await world.anonymous('POST', '/api/alerts/confirm', { token })).toMatchObject({ status: 204 });
  return new Party(world, email, { accountId: signedUp.body.accountId });
}

const publish = (title: string) => world.publishedTender(buyer, clock.now().toISOString(), { title });

describe('alerts by e-mail', () => {
  let ana: Party;
  let beto: Party;
  let unconfirmed: Party;
  let first: string;

  it('sends nothing to an address before it is confirmed, but the confirmation link', async () => {
    clock.set(START);
    ana = await aConfirmedFollower('ana');
    beto = await aConfirmedFollower('beto');
    const email = `carla-${randomUUID().slice(0, 8)}@lectores.example.mx`;
    const signedUp = await world.anonymous('POST', '/api/followers', { email, password: PASSWORD });
    unconfirmed = new Party(world, email, { accountId: signedUp.body.accountId });
    for (const follower of [ana, unconfirmed])
      expect(
        await follower.post('/api/alerts/searches', { name: 'Cómputo', filters: { q: 'computo portatil' } }),
      ).toMatchObject({ status: 201, body: { filters: { q: 'computo portatil' } } });
    expect(await beto.post('/api/alerts/follows', { kind: 'buyingUnit', id: unitId })).toMatchObject({ status: 204 });
  });

  it('mails a new matching procedure exactly once to each subscriber it concerns, with a one-click unsubscribe', async () => {
    first = await publish('Equipo de cómputo portátil para oficinas');
    const [toAna] = await mail(ana.email, 2);
    const [toBeto] = await mail(beto.email, 2);
    await settled();
    expect(mailbox.to(ana.email)).toHaveLength(2);
    expect(mailbox.to(beto.email)).toHaveLength(2);
    expect(mailbox.to(unconfirmed.email)).toHaveLength(1);
    const alert = mailbox.to(ana.email)[1];
    expect(alert.subject).toMatch(/^Nuevo procedimiento que coincide con su búsqueda: .*Equipo de cómputo portátil/);
    expect(alert.text).toContain(`/licitaciones/${first}`);
    expect(alert.header('List-Unsubscribe')).toMatch(/^<http.*\/api\/alerts\/unsubscribe\?token=.+>$/);
    expect(alert.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(alert.messageId).toMatch(/@alertas\.licita>?$/);
    expect(toAna).toBeDefined();
    expect(toBeto).toBeDefined();
    const mine = await unconfirmed.get('/api/alerts/me');
    expect(mine.body.alerts).toEqual([expect.objectContaining({ kind: 'published', status: 'unconfirmed' })]);
  });

  it('lists what an amendment changed to the followers of the procedure', async () => {
    expect(await ana.post('/api/alerts/follows', { kind: 'procedure', id: first })).toMatchObject({ status: 204 });
    await world.api.caughtUp();
    clock.set(at(START, HOUR));
    const amended = await buyer.post(`/api/tenders/${first}/amendments`, {
      changes: { description: 'Se aclara el plazo de garantía.' },
      reason: 'Aclaración',
    });
    expect(amended.status).toBe(201);
    const [, , amendment] = await mail(ana.email, 3);
    expect(amendment.subject).toMatch(/^Modificación de la convocatoria/);
    expect(amendment.text).toContain('Motivo: Aclaración');
    expect(amendment.text).toMatch(/description: .* → Se aclara el plazo de garantía\./);
  });

  it('sends each alert once with two instances running, and nothing again after a takeover and a rebuild', async () => {
    await settled();
    // A second instance on the same database: its projections wait on the locks, its sender races the first's.
    const second = await startWorld();
    const [anaBefore, betoBefore] = [mailbox.to(ana.email).length, mailbox.to(beto.email).length];
    const next = await publish('Más equipo de cómputo portátil');
    await mail(ana.email, anaBefore + 1);
    await mail(beto.email, betoBefore + 1);
    expect(mailbox.to(ana.email)[anaBefore].text).toContain(next);
    // The first instance stops: the second takes the process manager over from its checkpoint, and is rebuilt.
    await settled();
    const before = mailbox.messages.length;
    const rows = await outboxRows();
    await world.close();
    world = second;
    [buyer, ana, beto] = [buyer, ana, beto].map((party) => new Party(world, party.email, party.ids));
    await world.api.projections.rebuildProjection('alerts');
    await settled();
    expect(await outboxRows()).toBe(rows);
    expect(mailbox.messages.length).toBe(before);
    expect(mailbox.to(ana.email)).toHaveLength(anaBefore + 1);
    expect(mailbox.to(beto.email)).toHaveLength(betoBefore + 1);
  });

  it('never sends one alert twice with several senders racing over the outbox', async () => {
    await settled();
    const [subscriber]: Array<{ account_id: string }> = await world.api.db.query(
      'SELECT account_id FROM alert_subscribers WHERE email = $1',
      [beto.email],
    );
    const keys = Array.from({ length: 30 }, (_, i) => `race-${i}`);
    await world.api.db.query(
      `INSERT INTO alert_outbox (alert_key, account_id, position, kind, subscription_key, email, language, delivery,
                                 content, status, due_at, next_attempt_at, created_at)
       SELECT key, $2, 0, 'opened', NULL, $3, 'es', 'immediate', $4, 'pending', $5, $5, $5 FROM unnest($1::text[]) key`,
      [keys, subscriber.account_id, beto.email, JSON.stringify({ kind: 'opened', tenderId: first }), clock.now()],
    );
    const racers = await Promise.all(
      [1, 2].map(async () => {
        const db = new DataSource({ type: 'postgres', url: database.url });
        await db.initialize();
        const sender = new AlertSender(db, smtpTransport(mailbox.url), clock, {
          config: world.api.api.config.alerts,
          publicUrl: world.api.api.config.publicUrl,
        });
        return { db, sender };
      }),
    );
    const before = mailbox.to(beto.email).length;
    // The two racers and the application's own sender, all at once.
    await Promise.all(racers.map(({ sender }) => sender.sendDue()));
    await settled();
    await Promise.all(racers.map(({ db }) => db.destroy()));
    const received = mailbox.to(beto.email).slice(before);
    expect(received).toHaveLength(keys.length);
    expect(new Set(received.map((message) => message.messageId)).size).toBe(keys.length);
  });

  it('retries a refused delivery later with back-off, without holding up the others, and delivers it once', async () => {
    const dora = await aConfirmedFollower('dora');
    expect(await dora.post('/api/alerts/follows', { kind: 'buyingUnit', id: unitId })).toMatchObject({ status: 204 });
    await settled();
    mailbox.refuse(dora.email, 2);
    const betoBefore = mailbox.to(beto.email).length;
    clock.set(at(START, 2 * HOUR));
    const tender = await publish('Mobiliario de oficina');
    await mail(beto.email, betoBefore + 1);
    const row = await eventually('the first attempt failed', async () => {
      const [found]: Array<{ attempts: number; status: string; next_attempt_at: Date; last_error: string }> =
        await world.api.db.query(
          `SELECT attempts, status, next_attempt_at, last_error FROM alert_outbox o
             JOIN alert_subscribers s USING (account_id) WHERE s.email = $1 AND o.kind = 'published'`,
          [dora.email],
        );
      return found?.attempts === 1 && found;
    });
    expect(row.status).toBe('pending');
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(clock.now().getTime() + 30_000);
    expect(row.last_error).toMatch(/451/);
    expect(mailbox.to(dora.email)).toHaveLength(1);
    clock.advance(2 * 60_000);
    await eventually(
      'the second attempt failed',
      async () => mailbox.to(dora.email).length === 1 && (await attempts(dora)) === 2,
    );
    clock.advance(10 * 60_000);
    const [, alert] = await mail(dora.email, 2);
    expect(alert.text).toContain(tender);
    await settled();
    expect(mailbox.to(dora.email)).toHaveLength(2);
  });

  it('stops alerting after the one-click unsubscribe link, which needs no login', async () => {
    const lastToAna = mailbox.to(ana.email).at(-1) as Received;
    const link = onApi((lastToAna.header('List-Unsubscribe') as string).slice(1, -1));
    const page = await world.anonymous('GET', link);
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<form method="post"');
    const response = await fetch(`${world.api.url}${link}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);
    expect(await world.anonymous('POST', `/api/alerts/unsubscribe?token=forged.token`)).toMatchObject({
      status: 422,
      body: { code: 'alerts.invalid_link' },
    });
    await world.api.caughtUp();
    const anaBefore = mailbox.to(ana.email).length;
    const betoBefore = mailbox.to(beto.email).length;
    clock.set(at(START, DAY));
    await publish('Equipo de cómputo portátil, segunda compra');
    await mail(beto.email, betoBefore + 1);
    await settled();
    expect(mailbox.to(ana.email)).toHaveLength(anaBefore);
  });

  it("gathers a daily subscriber's alerts into one digest at the morning hour in Mexico City", async () => {
    expect(await beto.call('PUT', '/api/alerts/preferences', { delivery: 'daily' })).toMatchObject({ status: 204 });
    await world.api.caughtUp();
    const before = mailbox.to(beto.email).length;
    clock.set(at(START, DAY + 2 * HOUR));
    const morning = await publish('Papelería');
    clock.set(at(START, DAY + 3 * HOUR));
    const afternoon = await publish('Tóner');
    await settled();
    expect(mailbox.to(beto.email)).toHaveLength(before);
    // 07:00 in Mexico City (UTC−6) the next day.
    clock.set('2026-03-04T13:00:00.000Z');
    const [digest] = (await mail(beto.email, before + 1)).slice(before);
    expect(digest.subject).toBe('Resumen diario de avisos: 2 avisos');
    expect(digest.text).toContain(`/licitaciones/${morning}`);
    expect(digest.text).toContain(`/licitaciones/${afternoon}`);
    expect(digest.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    await settled();
    expect(mailbox.to(beto.email)).toHaveLength(before + 1);
  });
});

describe('auction reminders', () => {
  it('reminds the participants with a confirmed address 24 hours and 1 hour before the auction starts', async () => {
    const [ventas, otra] = [await world.supplier('Cómputo del Bajío'), await world.supplier('Sistemas Tapatíos')];
    // The supplier's account subscribes (and so confirms its address); the other participant never did.
    expect(await ventas.post('/api/alerts/follows', { kind: 'buyingUnit', id: unitId })).toMatchObject({
      status: 204,
    });
    const [confirmation] = await mail(ventas.email, 1, 'confirmation');
    const token = new URL(confirmation.link(/alertas\/confirmar/)).searchParams.get('token');
    expect(await world.anonymous('POST', '/api/alerts/confirm', { token })).toMatchObject({ status: 204 });
    await world.api.caughtUp();
    const tenderId = await aTenderInAuction(
      world,
      buyer,
      [
        [ventas, 2_400_000],
        [otra, 2_450_000],
      ],
      at(clock.now().toISOString(), DAY),
    );
    const startsAt = at(clock.now().toISOString(), 3 * DAY);
    const scheduled = await buyer.post(`/api/tenders/${tenderId}/lots/lot-1/auction`, {
      startsAt,
      durationSeconds: 600,
      minimumDecrement: { kind: 'absolute', amount: 100_000 },
      antiSniping: null,
      abnormallyLowFloor: null,
    });
    expect(scheduled.status).toBe(201);
    await settled();
    const before = mailbox.to(ventas.email).length;
    clock.set(at(startsAt, -DAY));
    const [dayBefore] = (await mail(ventas.email, before + 1, 'reminders')).slice(before);
    expect(dayBefore.subject).toMatch(/^Recordatorio: subasta/);
    expect(dayBefore.text).toContain('La subasta empieza en 24 horas');
    clock.set(at(startsAt, -HOUR));
    const [hourBefore] = (await mail(ventas.email, before + 2, 'reminders')).slice(before + 1);
    expect(hourBefore.text).toContain('La subasta empieza en 1 hora');
    await settled();
    expect(mailbox.to(ventas.email)).toHaveLength(before + 2);
    expect(mailbox.to(otra.email)).toHaveLength(0);
  });
});

async function outboxRows(): Promise<number> {
  const [row]: Array<{ count: number }> = await world.api.db.query('SELECT count(*)::int AS count FROM alert_outbox');
  return row.count;
}

async function attempts(party: Party): Promise<number> {
  const [row]: Array<{ attempts: number }> = await world.api.db.query(
    `SELECT max(attempts)::int AS attempts FROM alert_outbox o JOIN alert_subscribers s USING (account_id)
      WHERE s.email = $1 AND o.kind = 'published'`,
    [party.email],
  );
  return row.attempts;
}

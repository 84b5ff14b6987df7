import { alertFactOf, auctionReminders, type LoggedEvent } from './alert-facts';
import { renderAlert, renderDigest } from './alert-email';
import { nextDigestAt } from './digest-time';
import { signLink, verifyLink } from './signed-links';

const tenderEvent = (type: string, data: Record<string, unknown>): LoggedEvent => ({
  id: 'e-1',
  type,
  streamId: 'tender-t-1',
  data: { tenderId: 't-1', ...data },
});

describe('which subscribers an event concerns', () => {
  it('matches saved searches only against a new publication, and alerts its followers', () => {
    expect(alertFactOf(tenderEvent('TenderPublished', { publishedAt: 'x' }))).toMatchObject({
      kind: 'published',
      matchSearches: true,
      follows: ['procedure:t-1'],
    });
    expect(alertFactOf(tenderEvent('ProposalsOpened', { proposals: [{ prices: 'secret' }] }))).toEqual({
      kind: 'opened',
      tenderId: 't-1',
      follows: ['procedure:t-1'],
      matchSearches: false,
      details: {},
    });
  });

  it('says what an amendment changed', () =>
    expect(
      alertFactOf(
        tenderEvent('TenderAmended', {
          reason: 'Aclaración',
          changes: [{ path: 'description', before: 'a', after: 'b' }],
        }),
      ),
    ).toMatchObject({ kind: 'amended', details: { changes: [{ path: 'description', before: 'a', after: 'b' }] } }));

  it("alerts the followers of an award's supplier, and never copies who asked a question", () => {
    expect(
      alertFactOf(
        tenderEvent('LotAwarded', { lotId: 'lot-1', supplierId: 'sup-9', amount: { amount: 1, currency: 'MXN' } }),
      ),
    ).toMatchObject({ kind: 'awarded', follows: ['procedure:t-1', 'supplier:sup-9'] });
    const answered = alertFactOf(tenderEvent('QuestionAnswered', { answer: 'Sí', askedBy: 'sup-1' }));
    expect(JSON.stringify(answered)).not.toContain('sup-1');
  });

  it('ignores sealed and private events, and events of other streams', () => {
    expect(alertFactOf(tenderEvent('ProposalSubmitted', { sealed: 'x' }))).toBeNull();
    expect(alertFactOf(tenderEvent('QuestionAsked', { text: 'x' }))).toBeNull();
    expect(alertFactOf({ ...tenderEvent('TenderPublished', {}), streamId: 'account-x' })).toBeNull();
  });

  it('reminds the participants of an auction 24 hours and 1 hour before it starts', () =>
    expect(
      auctionReminders({
        id: 'a-ev',
        type: 'AuctionScheduled',
        streamId: 'auction-a-1',
        data: { tenderId: 't-1', startsAt: '2026-03-10T17:00:00.000Z', participants: [{ bidderId: 'sup-1' }] },
      }),
    ).toEqual([
      expect.objectContaining({ key: 'a-ev:24h', dueAt: '2026-03-09T17:00:00.000Z', supplierIds: ['sup-1'] }),
      expect.objectContaining({ key: 'a-ev:1h', dueAt: '2026-03-10T16:00:00.000Z', supplierIds: ['sup-1'] }),
    ]));
});

describe('the e-mail of an alert', () => {
  const links = { publicUrl: 'https://compras.example.mx', unsubscribe: 'https://compras.example.mx/u?token=x' };
  const amended = {
    kind: 'amended' as const,
    tenderId: 't-1',
    number: 'LA-UC1-1-2026',
    title: 'Laptops',
    details: { reason: 'Aclaración', changes: [{ path: 'description', before: 'a', after: 'b' }] },
    reason: 'procedure:t-1',
  };

  it('names the procedure, lists what changed, links the public page and the unsubscribe link, in Spanish', () => {
    const { subject, text } = renderAlert(amended, 'es', links, 'America/Mexico_City');
    expect(subject).toBe('Modificación de la convocatoria: LA-UC1-1-2026 — Laptops');
    expect(text).toContain('  - description: a → b');
    expect(text).toContain('https://compras.example.mx/licitaciones/t-1');
    expect(text).toContain(links.unsubscribe);
  });

  it('speaks English to a subscriber who prefers it, and gathers a day in one digest', () => {
    expect(renderAlert(amended, 'en', links, 'America/Mexico_City').subject).toMatch(/^Amendment to the call/);
    expect(renderDigest([amended, { ...amended, kind: 'opened' }], 'es', links, 'UTC').subject).toBe(
      'Resumen diario de avisos: 2 avisos',
    );
  });
});

describe('daily digests and signed links', () => {
  it('sends the digest at the next morning hour in Mexico City', () => {
    expect(nextDigestAt(new Date('2026-03-02T16:00:00Z'), 7, 'America/Mexico_City').toISOString()).toBe(
      '2026-03-03T13:00:00.000Z',
    );
    expect(nextDigestAt(new Date('2026-03-02T12:59:00Z'), 7, 'America/Mexico_City').toISOString()).toBe(
      '2026-03-02T13:00:00.000Z',
    );
  });

  it('accepts its own links for their purpose only, and no altered one', () => {
    const token = signLink('secret', { purpose: 'unsubscribe', accountId: 'acc-1', subject: 'search:s-1' });
    expect(verifyLink('secret', token, 'unsubscribe')).toEqual({
      purpose: 'unsubscribe',
      accountId: 'acc-1',
      subject: 'search:s-1',
    });
    expect(verifyLink('secret', token, 'confirm')).toBeNull();
    expect(verifyLink('other', token, 'unsubscribe')).toBeNull();
    const [payload, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify(['unsubscribe', 'acc-2', ''])).toString('base64url');
    expect(verifyLink('secret', `${forged}.${mac}`, 'unsubscribe')).toBeNull();
    expect(verifyLink('secret', `${payload}.${mac}x`, 'unsubscribe')).toBeNull();
  });
});

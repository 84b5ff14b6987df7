import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { committedPart, type LoggedEvent, publicFormOf } from './public-form';

const at = new Date('2026-03-02T15:00:00.123Z');
const who = {
  actor: 'account-7b1c',
  correlationId: 'c0ffee00-0000-4000-8000-000000000001',
  occurredAt: '2026-03-02T15:00:00.000Z',
};

const anEvent = (
  type: string,
  streamId: string,
  data: Record<string, unknown>,
  metadata: Record<string, unknown> = who,
): LoggedEvent => ({
  id: '6f1c2f4e-8d4b-4b7e-9a51-2f1d9b3c4a10',
  type,
  streamId,
  streamRevision: 3n,
  globalPosition: 9_007_199_254_740_993n, // beyond 2^53: positions travel as decimal strings
  recordedAt: at,
  data,
  metadata,
});

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('the public form of an event', () => {
  it('shows a public event whole, with its place in the log as decimal strings and nothing withheld', () => {
    const event = anEvent('TenderPublished', 'tender-t1', { tenderId: 't1', publishedAt: '2026-03-02T15:00:00.000Z' });
    expect(publicFormOf(event)).toEqual({
      position: '9007199254740993',
      id: event.id,
      type: 'TenderPublished',
      stream: 'tender-t1',
      revision: '3',
      recordedAt: '2026-03-02T15:00:00.123Z',
      data: { tenderId: 't1', publishedAt: '2026-03-02T15:00:00.000Z' },
      metadata: who,
    });
  });

  it('covers an account event by a commitment only: no stream name, no data, no actor', () => {
    const event = anEvent('AccountEmailReserved', 'account-email-ana@example.mx', {
      email: 'ana@example.mx',
      accountId: 'a1',
      reservedAt: '2026-03-02T15:00:00.000Z',
    });
    const created = anEvent('AccountCreated', 'account-a1', {
      accountId: 'a1',
      email: 'ana@example.mx',
      passwordHash: 'scrypt$…',
    });
    for (const hidden of [event, created]) {
      const form = publicFormOf(hidden);
      expect(form).toMatchObject({ stream: null, data: null, metadata: { occurredAt: who.occurredAt } });
      expect(form.withheld).toBe(sha256(canonicalJson(committedPart(hidden))));
      expect(JSON.stringify(form)).not.toMatch(/ana@example|scrypt|account-7b1c/);
    }
  });

  it('keeps a sealed proposal to its receipt: no bidder, lots, sealed box or acting account', () => {
    const sealed = { tenderKeyId: 'k1', algorithm: 'aes-256-gcm', iv: 'aXY=', ciphertext: 'Y2lwaGVy', authTag: 'dGFn' };
    const event = anEvent('ProposalSubmitted', 'tender-t1', {
      tenderId: 't1',
      proposalId: 'p1',
      supplierId: 's1',
      lotIds: ['lot-1'],
      commitment: 'ab'.repeat(32),
      sealed,
      submittedAt: who.occurredAt,
    });
    const form = publicFormOf(event);
    expect(form.data).toEqual({
      tenderId: 't1',
      proposalId: 'p1',
      commitment: 'ab'.repeat(32),
      submittedAt: who.occurredAt,
    });
    expect(form.metadata).toEqual({ occurredAt: who.occurredAt });
    expect(form.withheld).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hides who asked a question, and a draft until its publication reveals it', () => {
    const question = publicFormOf(
      anEvent('QuestionAsked', 'tender-t1', {
        tenderId: 't1',
        questionId: 'q1',
        askedBy: 's1',
        lotId: null,
        text: '¿Plazo?',
        askedAt: who.occurredAt,
      }),
    );
    expect(question.data).toEqual({
      tenderId: 't1',
      questionId: 'q1',
      lotId: null,
      text: '¿Plazo?',
      askedAt: who.occurredAt,
    });
    expect(question.metadata).toEqual({ occurredAt: who.occurredAt });
    const draft = publicFormOf(
      anEvent('TenderCreated', 'tender-t1', {
        tenderId: 't1',
        content: { title: 'Borrador' },
        createdAt: who.occurredAt,
      }),
    );
    expect(draft.data).toEqual({ tenderId: 't1' });
    expect(draft.metadata).toEqual(who);
  });

  it('withholds metadata it does not know and every event type no rule makes public', () => {
    expect(
      publicFormOf(anEvent('TenderPublished', 'tender-t1', { tenderId: 't1' }, { ...who, clientIp: '10.0.0.1' })),
    ).toMatchObject({
      metadata: who,
      withheld: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(publicFormOf(anEvent('SomethingNew', 'tender-t1', { tenderId: 't1' }))).toMatchObject({
      stream: null,
      data: null,
    });
  });

  it('changes its commitment when a hidden field changes', () => {
    const original = anEvent('BidPlaced', 'auction-a1', {
      auctionId: 'a1',
      sequence: 4,
      bidderId: 's1',
      label: 'Participante 2',
      clientBidId: 'b7',
      amount: 100,
    });
    const rewritten = { ...original, data: { ...original.data, bidderId: 's2' } };
    expect(publicFormOf(original).data).toEqual({ auctionId: 'a1', sequence: 4, label: 'Participante 2', amount: 100 });
    expect(publicFormOf(rewritten).withheld).not.toBe(publicFormOf(original).withheld);
  });
  it('publishes an evaluation sealed until its auction without the auctioned rankings or the blind', () => {
    const ranked = (supplierId: string, amount: number, rank: number) => ({
      rank,
      proposalId: `p-${supplierId}`,
      supplierId,
      amount: { amount, currency: 'MXN' },
      submittedAt: '2026-03-01T10:00:00.000Z',
      technicalPoints: null,
      score: null,
    });
    const auctioned = { lotId: 'lot-1', ranking: [ranked('s1', 100, 1), ranked('s2', 200, 2)], nonCompliant: [] };
    const direct = { lotId: 'lot-2', ranking: [ranked('s1', 50, 1)], nonCompliant: [], goesToAuction: false };
    const data = {
      tenderId: 't1',
      completedAt: '2026-03-02T15:00:00.000Z',
      lots: [{ ...auctioned, goesToAuction: true }, direct],
      offersSealedUntilAuction: true,
      blind: 'b'.repeat(64),
    };
    const event = anEvent('EvaluationCompleted', 'tender-t1', data);
    const shown = publicFormOf(event);
    expect(shown.data).toEqual({
      tenderId: 't1',
      completedAt: data.completedAt,
      lots: [{ lotId: 'lot-1', ranking: [], nonCompliant: [], goesToAuction: true }, direct],
      offersSealedUntilAuction: true,
    });
    expect(shown.withheld).toBe(sha256(canonicalJson(committedPart(event))));
    // The blind is what keeps that commitment from being found by hashing each assignment of the known prices.
    expect(
      publicFormOf(anEvent('EvaluationCompleted', 'tender-t1', { ...data, blind: 'c'.repeat(64) })).withheld,
    ).not.toBe(shown.withheld);
  });

  it('publishes a works-log note without who signed it, and a private note without its contents', () => {
    const note = {
      contractId: 'c1',
      number: 6,
      kind: 'incident',
      party: 'resident',
      writtenBy: '7b1c',
      writtenAt: '2026-03-09T16:00:00.000Z',
      refersTo: null,
      text: 'Lesión del trabajador Juan Pérez',
      progress: null,
      attachments: [],
      confidential: null,
      opening: null,
      previousHash: 'a'.repeat(64),
      hash: 'b'.repeat(64),
    };
    const open = publicFormOf(anEvent('WorksLogNoteWritten', 'works-log-c1', note));
    expect(open.data).toMatchObject({ number: 6, text: 'Lesión del trabajador Juan Pérez' });
    expect(open.data).not.toHaveProperty('writtenBy');
    expect(open.metadata).toEqual({ occurredAt: who.occurredAt });
    const confidential = { legalBasis: 'LGPDPPSO art. 3 fr. IX' };
    const secret = publicFormOf(anEvent('WorksLogNoteWritten', 'works-log-c1', { ...note, confidential }));
    expect(secret.data).toEqual({
      contractId: 'c1',
      number: 6,
      kind: 'incident',
      party: 'resident',
      writtenAt: '2026-03-09T16:00:00.000Z',
      refersTo: null,
      confidential,
    });
    expect(JSON.stringify(secret)).not.toContain('Juan Pérez');
    expect(secret.withheld).toMatch(/^[0-9a-f]{64}$/);
  });
});

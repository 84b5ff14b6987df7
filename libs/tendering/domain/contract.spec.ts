import { at, deciderSpec } from '../../../test/support/decider-spec';
import { contractDecider, contractStream, type AmendContract, type ContractEvent, type SignContract } from './contract';
import { ms, SUPPLIER, T, TENDER_ID } from './tender.scenarios';

const given = deciderSpec(contractDecider);
const DAY = 86_400_000;
const CONTRACT_ID = 'contract-1';
const ORIGINAL = 24_000_000;

const sign = (overrides: Partial<SignContract> = {}): SignContract => ({
  type: 'SignContract',
  contractId: CONTRACT_ID,
  tenderId: TENDER_ID,
  lotId: 'lot-1',
  buyingUnitId: 'uc-imss-001',
  supplierId: SUPPLIER.B,
  amount: { amount: ORIGINAL, currency: 'MXN' },
  items: [
    { itemId: 'item-1', description: 'Laptop 14"', quantity: 10, unit: 'pieza' },
    { itemId: 'item-2', description: 'Base de acoplamiento', quantity: 2.5, unit: 'kit' },
  ],
  startDate: '2026-04-06T06:00:00.000Z',
  endDate: '2026-06-30T06:00:00.000Z',
  directAward: false,
  ...overrides,
});
const signed = (overrides: Partial<SignContract> = {}): ContractEvent[] =>
  contractDecider.decide(sign(overrides), contractDecider.initialState(), at(T.contracted));
const amend = (overrides: Partial<AmendContract> = {}): AmendContract => ({
  type: 'AmendContract',
  contractId: CONTRACT_ID,
  amendmentId: 'amendment-1',
  reason: 'Ampliación por demanda adicional (LAASSP art. 52)',
  ...overrides,
});
/** The signed contract's answer to an amendment with `changes`, on the day it was signed. */
const amendSigned = (changes: Partial<AmendContract>) => given(...signed()).when(amend(changes), at(T.contracted));
const amended = (history: ContractEvent[], overrides: Partial<AmendContract>): ContractEvent[] => [
  ...history,
  ...contractDecider.decide(
    amend(overrides),
    history.reduce(contractDecider.evolve, contractDecider.initialState()),
    at(T.contracted),
  ),
];

describe('signing a contract', () => {
  it('records supplier, amount, items, dates and the signature time', () => {
    const { type: _type, contractId: _id, ...terms } = sign();
    given()
      .when(sign(), at(T.contracted))
      .then({ type: 'ContractSigned', data: { contractId: CONTRACT_ID, ...terms, signedAt: T.contracted } });
  });

  it('records the signed contract and its annexes', () => {
    const documents = [
      { documentId: 'contrato-firmado', title: 'Contrato', fileName: 'contrato.pdf', mediaType: 'application/pdf' },
      { documentId: 'anexo-tecnico', title: 'Anexo técnico', fileName: 'anexo.pdf', mediaType: 'application/pdf' },
    ].map((doc) => ({ ...doc, sha256: 'cd'.repeat(32) }));
    expect(given().when(sign({ documents }), at(T.contracted)).thenState().original?.documents).toEqual(documents);
    given()
      .when(sign({ documents: [{ ...documents[0], fileName: '' }] }), at(T.contracted))
      .thenThrows('contract.invalid_document');
  });

  it('lives in its own stream', () => expect(contractStream(CONTRACT_ID)).toBe('contract-contract-1'));

  it('marks a contract from a direct award', () =>
    expect(
      given()
        .when(sign({ directAward: true }))
        .thenState().original?.directAward,
    ).toBe(true));

  it('refuses an amount that is not positive centavos, and an end before the start', () => {
    given()
      .when(sign({ amount: { amount: 0, currency: 'MXN' } }))
      .thenThrows('contract.invalid_amount');
    given()
      .when(sign({ amount: { amount: 1.5, currency: 'MXN' } }))
      .thenThrows('contract.invalid_amount');
    given()
      .when(sign({ endDate: '2026-04-06T06:00:00.000Z' }))
      .thenThrows('contract.invalid_dates');
  });

  it('treats signing the same lot’s contract again as done, and refuses another contract under the id', () => {
    given(...signed())
      .when(sign(), at(T.contracted))
      .thenNothing();
    given(...signed())
      .when(sign({ lotId: 'lot-2' }), at(T.contracted))
      .thenThrows('contract.already_exists');
  });

  it('refuses any other command for a contract never signed', () =>
    given()
      .when(amend({ amount: 1 }))
      .thenThrows('contract.not_found'));
});

describe('amendments within 20 % of the original (LAASSP art. 52)', () => {
  it('records the new amount with a diff', () =>
    amendSigned({ amount: 26_400_000 }).then({
      type: 'ContractAmended',
      data: {
        contractId: CONTRACT_ID,
        amendmentId: 'amendment-1',
        reason: 'Ampliación por demanda adicional (LAASSP art. 52)',
        changes: [{ path: 'amount.amount', before: ORIGINAL, after: 26_400_000 }],
        amount: { amount: 26_400_000, currency: 'MXN' },
        items: sign().items,
        endDate: sign().endDate,
        amendedAt: T.contracted,
      },
    }));

  it.each([
    ['more', 'above', 28_800_000, 28_800_001],
    ['less', 'below', 19_200_000, 19_199_999],
  ])('accepts exactly 20 %% %s, and refuses one centavo %s', (_more, _above, limit, beyond) => {
    expect(amendSigned({ amount: limit }).thenState().amount?.amount).toBe(limit);
    amendSigned({ amount: beyond }).thenThrows('contract.amendment_exceeds_limit', {
      field: 'amount',
      original: ORIGINAL,
      proposed: beyond,
      limitPercent: 20,
    });
  });

  it('counts amendments together against the original, not each against the previous', () => {
    const first = amended(signed(), { amount: 27_600_000 }); // +15 %
    // +20 % of the original in total: accepted
    expect(
      given(...first)
        .when(amend({ amendmentId: 'amendment-2', amount: 28_800_000 }), at(T.contracted))
        .thenState().amount?.amount,
    ).toBe(28_800_000);
    // +4.35 % on the amended amount, but more than +20 % of the original: refused
    given(...first)
      .when(amend({ amendmentId: 'amendment-2', amount: 28_800_100 }), at(T.contracted))
      .thenThrows('contract.amendment_exceeds_limit', { original: ORIGINAL });
  });
});

describe('amendments within 20 % of the original (LAASSP art. 52)', () => {
  it.each([
    ['item-1', 0, 10, 12, 12.001],
    ['item-2', 1, 2.5, 3, 3.001],
  ])('applies the limit to the quantity of %s, fractions included', (itemId, index, original, limit, beyond) => {
    expect(amendSigned({ quantities: [{ itemId, quantity: limit }] }).thenState().items[index].quantity).toBe(limit);
    amendSigned({ quantities: [{ itemId, quantity: beyond }] }).thenThrows('contract.amendment_exceeds_limit', {
      field: `items[${itemId}].quantity`,
      original,
      proposed: beyond,
    });
  });

  it('extends the end date without limit', () =>
    expect(amendSigned({ endDate: '2026-09-30T06:00:00.000Z' }).thenState().endDate).toBe('2026-09-30T06:00:00.000Z'));

  it('refuses an amendment without a reason, that changes nothing, or names an unknown item', () => {
    amendSigned({ amount: 25_000_000, reason: '' }).thenThrows('contract.reason_required');
    amendSigned({ amount: ORIGINAL }).thenThrows('contract.amendment_empty');
    amendSigned({ quantities: [{ itemId: 'item-9', quantity: 1 }] }).thenThrows('contract.unknown_item', {
      itemId: 'item-9',
    });
  });

  it('treats the same amendment again as done', () =>
    given(...amended(signed(), { amount: 25_000_000 }))
      .when(amend({ amount: 25_000_000 }), at(T.contracted))
      .thenNothing());
});

describe('closing a contract', () => {
  const started = '2026-04-06T06:00:00.000Z';

  it('completes a contract from its start date, not before', () => {
    given(...signed())
      .when({ type: 'CompleteContract', contractId: CONTRACT_ID }, at(ms(started, -1)))
      .thenThrows('contract.not_started');
    given(...signed())
      .when({ type: 'CompleteContract', contractId: CONTRACT_ID }, at(ms(started, 60 * DAY)))
      .then({ type: 'ContractCompleted', data: { contractId: CONTRACT_ID, completedAt: ms(started, 60 * DAY) } });
  });

  it('terminates early or rescinds with a reason', () => {
    given(...signed())
      .when(
        {
          type: 'TerminateContract',
          contractId: CONTRACT_ID,
          kind: 'early_termination',
          reason: 'Razones de interés general (art. 54 Bis)',
        },
        at(T.contracted),
      )
      .then({
        type: 'ContractTerminated',
        data: {
          contractId: CONTRACT_ID,
          kind: 'early_termination',
          reason: 'Razones de interés general (art. 54 Bis)',
          terminatedAt: T.contracted,
        },
      });
    given(...signed())
      .when({ type: 'TerminateContract', contractId: CONTRACT_ID, kind: 'rescission', reason: ' ' }, at(T.contracted))
      .thenThrows('contract.reason_required');
    given(...signed())
      .when(
        { type: 'TerminateContract', contractId: CONTRACT_ID, kind: 'whim' as never, reason: 'x' },
        at(T.contracted),
      )
      .thenThrows('contract.invalid_termination');
  });

  it('refuses amending, completing or terminating a closed contract', () => {
    const completed = [
      ...signed(),
      { type: 'ContractCompleted', data: { contractId: CONTRACT_ID, completedAt: T.contracted } } as ContractEvent,
    ];
    given(...completed)
      .when(amend({ amount: 25_000_000 }), at(T.contracted))
      .thenThrows('contract.invalid_transition', { status: 'completed' });
    given(...completed)
      .when({ type: 'TerminateContract', contractId: CONTRACT_ID, kind: 'rescission', reason: 'x' }, at(T.contracted))
      .thenThrows('contract.invalid_transition', { status: 'completed' });
    const terminated = [
      ...signed(),
      {
        type: 'ContractTerminated',
        data: { contractId: CONTRACT_ID, kind: 'rescission', reason: 'x', terminatedAt: T.contracted },
      } as ContractEvent,
    ];
    given(...terminated)
      .when({ type: 'CompleteContract', contractId: CONTRACT_ID }, at(T.contracted))
      .thenThrows('contract.invalid_transition', { status: 'terminated' });
  });
});

describe('documents of an amendment', () => {
  const agreement = {
    documentId: 'convenio-1',
    title: 'Convenio modificatorio',
    fileName: 'convenio.pdf',
    mediaType: 'application/pdf',
    sha256: 'ef'.repeat(32),
  };

  it('records the amendment’s agreement with it', () => {
    const [event] = amended(signed(), { amount: ORIGINAL + 1_000_000, documents: [agreement] }).slice(-1);
    expect(event.type === 'ContractAmended' && event.data.documents).toEqual([agreement]);
  });

  it('refuses an invalid document, and an amendment that changes nothing but attaches one', () => {
    amendSigned({ amount: ORIGINAL + 1, documents: [{ ...agreement, sha256: 'x' }] }).thenThrows(
      'contract.invalid_document',
    );
    amendSigned({ documents: [agreement] }).thenThrows('contract.amendment_empty');
  });
});

describe('an open contract (LAASSP art. 47)', () => {
  const open = (amount: number, maximum: number | null): Partial<SignContract> => ({
    amount: { amount, currency: 'MXN' },
    openContract: { minimum: null, maximum: maximum === null ? null : { amount: maximum, currency: 'MXN' } },
  });

  it('is signed for 0.00 and carries its marker; a contract that is not open still is not', () => {
    expect(
      given()
        .when(sign(open(0, 1_000_000)), at(T.contracted))
        .thenState().original,
    ).toMatchObject({
      amount: { amount: 0 },
      openContract: { maximum: { amount: 1_000_000 } },
    });
    given()
      .when(sign({ amount: { amount: 0, currency: 'MXN' } }), at(T.contracted))
      .thenThrows('contract.invalid_amount', { openContract: false });
    given()
      .when(sign(open(-1, null)), at(T.contracted))
      .thenThrows('contract.invalid_amount', { openContract: true });
  });

  it('is never signed above its maximum', () =>
    given()
      .when(sign(open(1_000_001, 1_000_000)), at(T.contracted))
      .thenThrows('contract.above_maximum', { maximum: 1_000_000 }));

  it('measures the 20 % of an amendment against its maximum, so one signed for 0.00 can be amended', () => {
    const history = signed(open(0, 1_000_000));
    given(...history)
      .when(amend({ amount: 200_000 }), at(T.contracted))
      .then(expect.objectContaining({ type: 'ContractAmended' }) as ContractEvent);
    given(...history)
      .when(amend({ amount: 200_001 }), at(T.contracted))
      .thenThrows('contract.amendment_exceeds_limit', { field: 'amount', original: 0, limitBase: 1_000_000 });
  });

  it('keeps the amount of an open contract signed for 0.00 without a maximum: 20 % of nothing is nothing', () => {
    const history = signed(open(0, null));
    given(...history)
      .when(amend({ amount: 1 }), at(T.contracted))
      .thenThrows('contract.amendment_exceeds_limit', { original: 0 });
    given(...history)
      .when(amend({ endDate: '2026-07-31T06:00:00.000Z' }), at(T.contracted))
      .then(expect.objectContaining({ type: 'ContractAmended' }) as ContractEvent);
  });
});

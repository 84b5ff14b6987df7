import { at, deciderSpec } from '../../../test/support/decider-spec';
import { createTenderDecider, tenderDecider } from './tender.decider';
import { tenderPolicy } from './tender.policy';
import {
  aDirectAward,
  aDraftTender,
  anInvitation,
  aPublishedTender,
  aTenderContent,
  createTender,
  laptopsLot,
  ms,
  printersLot,
  publishTender,
  standing,
  stateOf,
  SUPPLIER,
  T,
  TENDER_ID,
  TENDER_KEY_ID,
  twoLots,
  DAY,
  HOUR,
} from './tender.scenarios';
import { addDays, type TenderContentInput } from './tender.types';

const given = deciderSpec(tenderDecider);

/** Drafts refused for their content: each creates a tender with `content` and expects `code` (and `details`). */
const refusesContent = (
  cases: Array<{ what: string; content: Partial<TenderContentInput>; code: string; details?: Record<string, unknown> }>,
) =>
  it.each(cases)('refuses $what', ({ content, code, details }) =>
    given().when(createTender(content)).thenThrows(code, details),
  );

/** A schedule whose submission deadline is `days` after the planned publication. */
const scheduleOf = (days: number, from = T.published) => ({
  publicationDate: from,
  questionsDeadline: ms(from, DAY),
  submissionDeadline: ms(from, days * DAY),
  openingDate: ms(from, days * DAY),
  awardDate: ms(from, (days + 5) * DAY),
});

describe('creating a tender', () => {
  it('records a draft with its content normalized', () => {
    const events = tenderDecider.decide(
      createTender({
        title: '  Adquisición   de equipo de cómputo 2026 ',
        lots: [
          laptopsLot({
            items: laptopsLot().items.map((i) => ({ ...i, classifierCode: ` ${i.classifierCode.toLowerCase()} ` })),
          }),
        ],
      }),
      stateOf([]),
      at(T.created),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'TenderCreated',
      data: {
        tenderId: TENDER_ID,
        createdAt: T.created,
        content: { title: 'Adquisición de equipo de cómputo 2026', currency: 'MXN' },
      },
    });
    expect(stateOf(events).status).toBe('draft');
    expect(stateOf(events).content?.lots[0].items[0].classifierCode).toBe('30213100-6');
  });

  it('defaults the currency to MXN and the optional parts to none', () => {
    const {
      currency: _c,
      reverseAuction: _r,
      documents: _d,
      invitedSupplierIds: _i,
      directAward: _a,
      periodReduction: _p,
      ...minimal
    } = aTenderContent();
    const state = given().when({ type: 'CreateTender', tenderId: TENDER_ID, content: minimal }).thenState();
    expect(state.content).toMatchObject({
      currency: 'MXN',
      reverseAuction: false,
      documents: [],
      invitedSupplierIds: [],
      directAward: null,
      periodReduction: null,
    });
  });

  it('refuses creating the same tender twice', () =>
    given(...aDraftTender())
      .when(createTender())
      .thenThrows('tender.already_exists'));

  refusesContent([
    { what: 'a tender without lots', content: { lots: [] }, code: 'tender.no_lots' },
    {
      what: 'a lot without items',
      content: {
        lots: [laptopsLot({ items: [], estimatedValue: { amount: 0, currency: 'MXN' } })],
        estimatedTotal: { amount: 0, currency: 'MXN' },
      },
      code: 'tender.lot_without_items',
      details: { lotId: 'lot-1' },
    },
  ]);
});

describe('creating a tender', () => {
  refusesContent([
    {
      what: 'a lot whose estimated value is not the sum of its items',
      content: {
        lots: [laptopsLot({ estimatedValue: { amount: 26_500_001, currency: 'MXN' } })],
        estimatedTotal: { amount: 26_500_001, currency: 'MXN' },
      },
      code: 'tender.lot_value_mismatch',
      details: { lotId: 'lot-1', declared: 26_500_001, expected: 26_500_000 },
    },
    {
      what: 'an estimated total that is not the sum of the lots',
      content: { ...twoLots(), estimatedTotal: { amount: 26_500_000, currency: 'MXN' } },
      code: 'tender.total_value_mismatch',
      details: { expected: 29_700_000 },
    },
    {
      what: 'amounts in another currency than the tender',
      content: { currency: 'USD' },
      code: 'tender.currency_mismatch',
      details: { field: 'lots[lot-1].estimatedValue' },
    },
    {
      what: 'an identifier used twice',
      content: {
        lots: [laptopsLot(), printersLot({ lotId: 'lot-1' })],
        estimatedTotal: { amount: 29_700_000, currency: 'MXN' },
      },
      code: 'tender.duplicate_id',
      details: { id: 'lot-1' },
    },
  ]);

  it('rounds fractional quantities half up per line to whole centavos', () => {
    const lot = laptopsLot({
      items: [
        {
          itemId: 'fuel',
          classifierCode: '09132100-4',
          description: 'Gasolina',
          quantity: 1234.567,
          unit: 'litro',
          estimatedUnitPrice: 2_399,
        },
      ],
      estimatedValue: { amount: 2_961_726, currency: 'MXN' }, // 1234.567 × 2399 = 2 961 726.233
    });
    const state = given()
      .when(createTender({ lots: [lot], estimatedTotal: { amount: 2_961_726, currency: 'MXN' } }))
      .thenState();
    expect(state.content?.estimatedTotal.amount).toBe(2_961_726);
  });

  it('refuses an item with a float price, a zero quantity or four decimals', () => {
    const withItem = (change: object) => {
      const lot = laptopsLot();
      return createTender({ lots: [{ ...lot, items: [{ ...lot.items[0], ...change }, lot.items[1]] }] });
    };
    given()
      .when(withItem({ estimatedUnitPrice: 2_500_000.5 }))
      .thenThrows('tender.invalid_item', { field: 'estimatedUnitPrice', itemId: 'item-1' });
    given()
      .when(withItem({ quantity: 0 }))
      .thenThrows('tender.invalid_item', { field: 'quantity' });
    given()
      .when(withItem({ quantity: 1.0001 }))
      .thenThrows('tender.invalid_item', { field: 'quantity' });
    given()
      .when(withItem({ classifierCode: '' }))
      .thenThrows('tender.invalid_item', { field: 'classifierCode' });
  });
});

describe('creating a tender', () => {
  it('refuses an unknown category or procedure type', () => {
    given()
      .when(createTender({ category: 'software' as never }))
      .thenThrows('tender.invalid_category');
    given()
      .when(createTender({ procedureType: 'framework' as never }))
      .thenThrows('tender.invalid_procedure_type');
  });

  refusesContent([
    {
      what: 'points and percentages whose weights do not sum to 100',
      content: { awardCriterion: { type: 'points_and_percentages', technicalWeight: 60, economicWeight: 50 } },
      code: 'tender.invalid_award_criterion',
      details: { technicalWeight: 60, economicWeight: 50 },
    },
    {
      what: 'a document without a SHA-256',
      content: {
        documents: [
          { documentId: 'doc-1', title: 'Bases', fileName: 'b.pdf', mediaType: 'application/pdf', sha256: 'abc' },
        ],
      },
      code: 'tender.invalid_document',
      details: { field: 'documents.sha256' },
    },
    { what: 'a missing title', content: { title: '  ' }, code: 'tender.field_required', details: { field: 'title' } },
    {
      what: 'a competitive tender without a schedule',
      content: { schedule: null },
      code: 'tender.field_required',
      details: { field: 'schedule' },
    },
  ]);

  it('accepts points and percentages weighted 60/40', () =>
    expect(
      given()
        .when(
          createTender({ awardCriterion: { type: 'points_and_percentages', technicalWeight: 60, economicWeight: 40 } }),
        )
        .thenState().content?.awardCriterion,
    ).toEqual({
      type: 'points_and_percentages',
      technicalWeight: 60,
      economicWeight: 40,
    }));

  it('refuses a schedule out of order', () => {
    given()
      .when(createTender({ schedule: { ...scheduleOf(18), questionsDeadline: ms(T.published, 19 * DAY) } }))
      .thenThrows('tender.invalid_schedule', { field: 'schedule.submissionDeadline' });
    given()
      .when(createTender({ schedule: { ...scheduleOf(18), openingDate: ms(T.published, 17 * DAY) } }))
      .thenThrows('tender.invalid_schedule', { field: 'schedule.openingDate' });
    given()
      .when(createTender({ schedule: { ...scheduleOf(18), awardDate: ms(T.published, 17 * DAY) } }))
      .thenThrows('tender.invalid_schedule', { field: 'schedule.awardDate' });
    given()
      .when(createTender({ schedule: { ...scheduleOf(18), awardDate: 'next week' } }))
      .thenThrows('tender.invalid_schedule', { field: 'schedule.awardDate' });
  });
});

describe('creating a tender', () => {
  it('refuses an award date more than 20 days after the opening act (LAASSP art. 35)', () => {
    given()
      .when(createTender({ schedule: { ...scheduleOf(18), awardDate: ms(T.published, 38 * DAY + 1) } }))
      .thenThrows('tender.award_date_too_late', { maxDays: 20 });
    expect(
      given()
        .when(createTender({ schedule: { ...scheduleOf(18), awardDate: ms(T.published, 38 * DAY) } }))
        .thenState().status,
    ).toBe('draft');
  });
});

describe('the origin of the funds', () => {
  it('records federal funds only when the draft says so (federal law then applies whatever the unit)', () => {
    const state = (content: Partial<TenderContentInput>) => given().when(createTender(content)).thenState();
    expect(state({ federalFunds: true }).content?.federalFunds).toBe(true);
    expect(state({ federalFunds: false }).content).not.toHaveProperty('federalFunds');
    expect(state({}).content).not.toHaveProperty('federalFunds');
  });

  refusesContent([
    {
      what: 'federal funds that are not a boolean',
      content: { federalFunds: 'sí' as never },
      code: 'tender.invalid_federal_funds',
    },
  ]);
});

describe('minimum submission periods by procedure type', () => {
  const cases: Array<[string, Partial<TenderContentInput>, number]> = [
    ['a public national tender', {}, 15],
    ['a public international tender', { procedureType: 'public_international' }, 20],
    ['an invitation', anInvitation(), 5],
    [
      'a public tender with a justified reduction',
      { periodReduction: { justification: 'Urgencia sanitaria documentada' } },
      10,
    ],
  ];

  it.each(cases)('accepts %s with exactly the minimum days', (_name, overrides, days) =>
    expect(
      given()
        .when(createTender({ ...overrides, schedule: scheduleOf(days) }))
        .thenState().status,
    ).toBe('draft'),
  );

  // T.published is 10:00 in Mexico City (UTC-6 all year since 2022): the minimum's date starts 10 hours before the
  // same hour `days` later. Periods are counted in calendar days, not 24-hour spans (legal-calendar.ts).
  const midnightOfDay = (days: number) => ms(T.published, days * DAY - 10 * HOUR);

  it.each(cases)(
    'accepts %s with its deadline at midnight starting the last day (fewer 24-hour spans than days)',
    (_name, overrides, days) =>
      expect(
        given()
          .when(
            createTender({ ...overrides, schedule: { ...scheduleOf(days), submissionDeadline: midnightOfDay(days) } }),
          )
          .thenState().status,
      ).toBe('draft'),
  );

  it.each(cases)(
    'refuses %s a calendar day short: a deadline at 23:59:59.999 the day before',
    (_name, overrides, days) =>
      given()
        .when(
          createTender({
            ...overrides,
            schedule: { ...scheduleOf(days), submissionDeadline: ms(midnightOfDay(days), -1) },
          }),
        )
        .thenThrows('tender.schedule_too_short', {
          minimumDays: days,
          actualDays: days - 1,
          earliestDeadline: ms(T.published, days * DAY).slice(0, 10),
          law: 'LAASSP',
          lawVersion: 'LAASSP-2025',
        }),
  );

  it('follows the works law for works (LOPSRM)', () =>
    given()
      .when(
        createTender({
          category: 'works',
          schedule: { ...scheduleOf(15), submissionDeadline: ms(T.published, 14 * DAY) },
        }),
      )
      .thenThrows('tender.schedule_too_short', { minimumDays: 15, law: 'LOPSRM', lawVersion: 'LOPSRM-2009' }));

  it('follows a configured policy', () =>
    deciderSpec(createTenderDecider(tenderPolicy({ minSubmissionPeriodDays: { public_national: 30 } as never })))()
      .when(createTender({ schedule: scheduleOf(18) }))
      .thenThrows('tender.schedule_too_short', {
        minimumDays: 30,
        actualDays: 18,
        part: 'policy',
        legalMinimumDays: 15,
      }));

  it('refuses a period reduction outside public tenders', () =>
    given()
      .when(createTender({ ...anInvitation(), periodReduction: { justification: 'x' } }))
      .thenThrows('tender.period_reduction_not_applicable'));
});

describe('invitations and direct awards', () => {
  refusesContent([
    {
      what: 'an invitation to fewer than three suppliers',
      content: { ...anInvitation(), invitedSupplierIds: [SUPPLIER.A, SUPPLIER.B, SUPPLIER.B] },
      code: 'tender.too_few_invitees',
      details: { minimum: 3, invited: 2 },
    },
    {
      what: 'invited suppliers on a public tender',
      content: { invitedSupplierIds: [SUPPLIER.A] },
      code: 'tender.invitees_not_applicable',
    },
    {
      what: 'a direct award without a justification',
      content: {
        ...aDirectAward(),
        directAward: { supplierId: SUPPLIER.A, justification: { article: 'LAASSP art. 41 fr. I', text: ' ' } },
      },
      code: 'tender.justification_required',
      details: { field: 'directAward.justification.text' },
    },
  ]);

  it('records a direct award draft with its legal justification and no schedule', () =>
    expect(given().when(createTender(aDirectAward())).thenState().content).toMatchObject({
      procedureType: 'direct_award',
      schedule: null,
      directAward: aDirectAward().directAward,
    }));

  it('refuses a direct award without its terms, and terms on a public tender', () => {
    given()
      .when(createTender({ ...aDirectAward(), directAward: null }))
      .thenThrows('tender.field_required', { field: 'directAward' });
    given()
      .when(createTender({ directAward: aDirectAward().directAward }))
      .thenThrows('tender.direct_award_not_applicable');
  });

  it('refuses a reverse auction or a schedule on a direct award', () => {
    given()
      .when(createTender({ ...aDirectAward(), reverseAuction: true }))
      .thenThrows('tender.auction_not_applicable');
    given()
      .when(createTender({ ...aDirectAward(), schedule: scheduleOf(18) }))
      .thenThrows('tender.schedule_not_applicable');
  });
});

describe('editing a draft', () => {
  it('records only the fields that changed', () =>
    given(...aDraftTender())
      .when({
        type: 'UpdateTenderDraft',
        tenderId: TENDER_ID,
        changes: { title: 'Equipo de cómputo', description: aTenderContent().description },
      })
      .then({ type: 'TenderDraftUpdated', data: { tenderId: TENDER_ID, changes: { title: 'Equipo de cómputo' } } }));

  it('records nothing when nothing changes', () =>
    given(...aDraftTender())
      .when({ type: 'UpdateTenderDraft', tenderId: TENDER_ID, changes: { title: aTenderContent().title } })
      .thenNothing());

  it('checks the whole content again', () =>
    given(...aDraftTender())
      .when({ type: 'UpdateTenderDraft', tenderId: TENDER_ID, changes: { lots: twoLots().lots } })
      .thenThrows('tender.total_value_mismatch'));

  it('refuses editing a published tender as a draft', () =>
    given(...aPublishedTender())
      .when({ type: 'UpdateTenderDraft', tenderId: TENDER_ID, changes: { title: 'x' } }, at(T.published))
      .thenThrows('tender.invalid_transition', { status: 'active.enquiries', command: 'UpdateTenderDraft' }));
});

describe('publishing', () => {
  it('publishes at now: the schedule starts from the real publication and the tender key is named', () =>
    given(...aDraftTender())
      .when(publishTender(), at(T.published))
      .then({
        type: 'TenderPublished',
        data: {
          tenderId: TENDER_ID,
          publishedAt: T.published,
          schedule: aTenderContent().schedule as never,
          tenderKeyId: TENDER_KEY_ID,
          invitedSupplierIds: [],
          submissionPeriod: {
            law: 'LAASSP',
            version: 'LAASSP-2025',
            inForceFrom: '2025-04-17',
            procedureType: 'public_national',
            reduced: false,
            minimumDays: 15,
            appliedMinimumDays: 15,
            reference: 'LAASSP 2025 (DOF 16-04-2025)',
            verified: false,
          },
        },
      }));

  it("records the rule a works tender followed: the works law, and the policy's longer minimum when it binds", () => {
    const decider = createTenderDecider(tenderPolicy({ minSubmissionPeriodDays: { public_national: 16 } as never }));
    const events = decider.decide(publishTender(), stateOf(aDraftTender({ category: 'works' })), at(T.published));
    expect(events.find((e) => e.type === 'TenderPublished')?.data).toMatchObject({
      submissionPeriod: { law: 'LOPSRM', version: 'LOPSRM-2009', minimumDays: 15, appliedMinimumDays: 16 },
    });
  });

  it('opens the enquiry period', () => expect(stateOf(aPublishedTender()).status).toBe('active.enquiries'));

  it('publishes earlier than planned: the period only gets longer', () => {
    const state = given(...aDraftTender())
      .when(publishTender(), at(ms(T.published, -DAY)))
      .thenState();
    expect(state.content?.schedule?.publicationDate).toBe(ms(T.published, -DAY));
  });

  it('refuses publishing so late that the submission period is too short (until midnight in Mexico City / after)', () => {
    // The deadline is 20 March: a publication any time on 5 March (Mexico City) leaves 15 calendar days.
    const latest = ms(T.submissionDeadline, -15 * DAY + 14 * HOUR - 1);
    expect(
      given(...aDraftTender())
        .when(publishTender(), at(latest))
        .thenState().status,
    ).toBe('active.enquiries');
    given(...aDraftTender())
      .when(publishTender(), at(ms(latest, 1)))
      .thenThrows('tender.schedule_too_short', { minimumDays: 15 });
  });

  it('refuses publishing after the questions deadline', () =>
    given(
      ...aDraftTender({
        schedule: {
          ...aTenderContent().schedule!,
          submissionDeadline: addDays(T.published, 30),
          openingDate: addDays(T.published, 30),
          awardDate: addDays(T.published, 31),
        },
      }),
    )
      .when(publishTender(), at(T.questionsDeadline))
      .thenThrows('tender.invalid_schedule', { field: 'schedule.questionsDeadline' }));

  it('refuses publishing twice', () =>
    given(...aPublishedTender())
      .when(publishTender(), at(T.published))
      .thenThrows('tender.invalid_transition', { status: 'active.enquiries' }));

  it('refuses a command for a tender that does not exist', () =>
    given().when(publishTender()).thenThrows('tender.not_found'));

  it('refuses publishing a direct award', () =>
    given(...aDraftTender(aDirectAward()))
      .when(publishTender(), at(T.published))
      .thenThrows('tender.not_competitive'));
});

describe('publishing', () => {
  describe('an invitation', () => {
    const invitees = [standing(SUPPLIER.A), standing(SUPPLIER.B), standing(SUPPLIER.C)];

    it('publishes when every invited supplier is verified and not sanctioned', () =>
      expect(
        given(...aDraftTender(anInvitation()))
          .when(publishTender(invitees), at(T.published))
          .thenState().status,
      ).toBe('active.enquiries'));

    it('refuses when an invited supplier is not verified', () =>
      given(...aDraftTender(anInvitation()))
        .when(publishTender([invitees[0], standing(SUPPLIER.B, { verified: false }), invitees[2]]), at(T.published))
        .thenThrows('tender.invitee_not_eligible', { supplierId: SUPPLIER.B, verified: false }));

    it('refuses when an invited supplier is sanctioned', () =>
      given(...aDraftTender(anInvitation()))
        .when(publishTender([invitees[0], invitees[1], standing(SUPPLIER.C, { sanctioned: true })]), at(T.published))
        .thenThrows('tender.invitee_not_eligible', { supplierId: SUPPLIER.C, sanctioned: true }));

    it('refuses without the standing of every invited supplier', () =>
      given(...aDraftTender(anInvitation()))
        .when(publishTender(invitees.slice(0, 2)), at(T.published))
        .thenThrows('tender.invitee_standing_missing', { supplierId: SUPPLIER.C }));
  });
});

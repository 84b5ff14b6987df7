import { deciderSpec } from '../../../test/support/decider-spec';
import { fiscalYearOf } from '@licita/shared';
import { planDecider } from './plan.decider';
import { lineEventsOf, type PlanRevisionPublished } from './plan.events';
import { aLine, linked, linkTo, OTHER_UNIT, publish, published } from './plan.scenarios';

const given = deciderSpec(planDecider);
/** A revision as appended: its own event, then one per line it adds, changes or removes. */
const withLines = (event: ReturnType<typeof published>) => [event, ...lineEventsOf(event as PlanRevisionPublished)];
const first = aLine();
const second = aLine({ lineId: 'L2', classifierCode: '33900001', description: 'Limpieza', quarter: 3 });
const firstPublished = published(1, [first], { added: [{ lineId: 'L1', description: first.description }] });

describe('publishing the annual plan', () => {
  it('publishes revision 1 with every line added, who and when', () =>
    given()
      .when(publish([first]))
      .then(...withLines(firstPublished)));

  it('trims texts and keeps a line without legal basis', () =>
    given()
      .when(publish([aLine({ description: '  Papelería   para oficinas ', legalBasis: undefined })]))
      .then(
        ...withLines(
          published(1, [aLine({ legalBasis: null })], { added: [{ lineId: 'L1', description: first.description }] }),
        ),
      ));

  it.each([
    ['plan.no_lines', []],
    ['plan.invalid_line_id', [aLine({ lineId: 'línea 1' })]],
    ['plan.invalid_description', [aLine({ description: '  ' })]],
    ['plan.invalid_estimate', [aLine({ estimate: { amount: 10.5, currency: 'MXN' } })]],
    ['plan.invalid_estimate', [aLine({ estimate: { amount: -1, currency: 'MXN' } })]],
    ['plan.invalid_estimate', [aLine({ estimate: { amount: 100, currency: 'pesos' } })]],
    ['plan.invalid_quarter', [aLine({ quarter: 5 })]],
    ['plan.invalid_procedure_type', [aLine({ procedureType: 'auction' })]],
    ['plan.duplicate_line', [aLine(), aLine()]],
  ])('refuses with %s', (code, lines) => given().when(publish(lines)).thenThrows(code));

  it('refuses a fiscal year out of range', () =>
    given()
      .when({ ...publish([first]), fiscalYear: 1999 })
      .thenThrows('plan.invalid_fiscal_year'));
});

describe('revising the plan', () => {
  const reason = 'Ajuste presupuestal del segundo trimestre';

  it('records lines added, removed and changed field by field (old → new), with the reason', () => {
    const moved = aLine({ quarter: 2, estimate: { amount: 150_000_00, currency: 'MXN' } });
    given(firstPublished)
      .when(publish([moved, second], reason))
      .then(
        ...withLines(
          published(
            2,
            [moved, second],
            {
              added: [{ lineId: 'L2', description: 'Limpieza' }],
              changed: [
                {
                  lineId: 'L1',
                  description: first.description,
                  changes: [
                    {
                      path: 'estimate',
                      before: { amount: 125_000_00, currency: 'MXN' },
                      after: { amount: 150_000_00, currency: 'MXN' },
                    },
                    { path: 'quarter', before: 1, after: 2 },
                  ],
                },
              ],
            },
            reason,
          ),
        ),
      );
    given(firstPublished, published(2, [first, second], {}))
      .when(publish([second], reason))
      .then(
        ...withLines(published(3, [second], { removed: [{ lineId: 'L1', description: first.description }] }, reason)),
      );
  });

  it('refuses a revision written on a plan that changed meanwhile', () => {
    given(firstPublished, published(2, [first, second], {}))
      .when({ ...publish([second], reason), basedOnRevision: 1 })
      .thenThrows('plan.stale_revision', { revision: 2 });
    given(firstPublished)
      .when({ ...publish([first, second], reason), basedOnRevision: 1 })
      .then(
        ...withLines(published(2, [first, second], { added: [{ lineId: 'L2', description: 'Limpieza' }] }, reason)),
      );
  });

  it('needs a reason from the second revision on', () =>
    given(firstPublished)
      .when(publish([first, second]))
      .thenThrows('plan.reason_required'));

  it('refuses a revision that changes nothing', () =>
    given(firstPublished)
      .when(publish([first], reason))
      .thenThrows('plan.unchanged'));

  it('keeps a line a procedure executes: removing it is refused', () =>
    given(firstPublished, linked('L1'))
      .when(publish([second], reason))
      .thenThrows('plan.linked_line_removed', { lineId: 'L1', tenderId: 'tender-1' }));
});

it('appends one event per line the revision touches, for the OCDS feed', () =>
  expect(
    lineEventsOf(
      published(2, [second], {
        added: [{ lineId: 'L2', description: 'Limpieza' }],
        removed: [{ lineId: 'L1', description: 'x' }],
      }) as PlanRevisionPublished,
    ).map((e) => [e.data.lineId, e.data.change, e.data.line?.quarter ?? null]),
  ).toEqual([
    ['L2', 'added', 3],
    ['L1', 'removed', null],
  ]));

describe('linking a procedure to the line it executes', () => {
  it('records the link, once; the same link again records nothing', () => {
    given(firstPublished).when(linkTo('L1')).then(linked('L1'));
    given(firstPublished, linked('L1')).when(linkTo('L1')).thenNothing();
  });

  it('refuses a tender of another unit, or of another fiscal year', () => {
    given(firstPublished)
      .when(linkTo('L1', 'tender-1', { buyingUnitId: OTHER_UNIT }))
      .thenThrows('plan.tender_of_other_unit');
    given(firstPublished)
      .when(linkTo('L1', 'tender-1', { fiscalYear: 2025 }))
      .thenThrows('plan.tender_of_other_year', { tenderFiscalYear: 2025 });
  });

  it('refuses a line linked to another procedure, a line not in the plan, a plan never published', () => {
    given(firstPublished, linked('L1')).when(linkTo('L1', 'tender-2')).thenThrows('plan.line_already_linked');
    given(firstPublished).when(linkTo('L9')).thenThrows('plan.line_not_found');
    given().when(linkTo('L1')).thenThrows('plan.not_found');
  });
});

describe('the fiscal year of an instant', () => {
  it('is the calendar year in Mexico City', () => {
    expect(fiscalYearOf('2027-01-01T05:59:00Z')).toBe(2026);
    expect(fiscalYearOf('2027-01-01T06:00:00Z')).toBe(2027);
  });
});

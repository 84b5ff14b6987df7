import type { PlanLineRevised } from '@licita/planning';
import { compileReleases } from '../domain/compile-release';
import { flatTable, tableRows, type FlatTable } from '../domain/flat-tables';
import { OcdsValidator } from '../validation/ocds-validator';
import { linkedLine, renderPlanningRelease, revisedLine, type PlannedLine } from './ocds-planning';

/**
 * The planning releases of an annual plan's line (pure rendering), validated against the official 1.1.5 schema:
 * an unlinked line is its own process with a planned tender; once linked, its releases go under the tender's
 * ocid with `planning` only; a removed line's tender is withdrawn.
 */
const validator = OcdsValidator.load();
const PREFIX = 'ocds-test01-';
const UNIT = 'unit-1';
const line = {
  lineId: 'L1',
  classifierCode: '21100001',
  description: 'Papelería para oficinas',
  estimate: { amount: 12_500_050, currency: 'MXN' },
  quarter: 3 as const,
  procedureType: 'invitation' as const,
  legalBasis: 'LAASSP art. 43',
};
const revised = (change: PlanLineRevised['data']['change'], revision = 1): PlanLineRevised['data'] => ({
  buyingUnitId: UNIT,
  fiscalYear: 2026,
  revision,
  lineId: 'L1',
  change,
  line: change === 'removed' ? null : line,
});
const unit = {
  kind: 'buying-unit' as const,
  data: {
    buyingUnitId: UNIT,
    code: 'UC-1',
    name: 'Dirección de Compras',
    level: 'federal' as const,
    parentInstitution: 'SSA',
  },
};
const render = (planned: PlannedLine, date = '2026-01-20T16:00:00.000Z') =>
  renderPlanningRelease(planned, date, PREFIX, unit);
const valid = (release: unknown) => expect(validator.validateRelease(release)).toEqual({ valid: true, errors: [] });

it('publishes an unlinked line as its own planned process, then its update', () => {
  const first = render(revisedLine(undefined, revised('added'), PREFIX) as PlannedLine);
  valid(first.release);
  expect(first.release).toMatchObject({
    ocid: 'ocds-test01-plan-unit-1-2026-L1',
    id: 'ocds-test01-plan-unit-1-2026-L1-1',
    tag: ['planning'],
    buyer: { id: 'buying-unit-unit-1', name: 'Dirección de Compras' },
    planning: { budget: { amount: { amount: 125_000.5, currency: 'MXN' } } },
    tender: {
      status: 'planned',
      items: [{ id: 'L1', classification: { scheme: 'CUCOP', id: '21100001' } }],
      procurementMethod: 'selective',
      tenderPeriod: { startDate: '2026-07-01T06:00:00Z' },
    },
  });
  const removed = render(revisedLine(first.line, revised('removed', 2), PREFIX) as PlannedLine);
  valid(removed.release);
  expect(removed.release).toMatchObject({
    id: 'ocds-test01-plan-unit-1-2026-L1-2',
    tag: ['planningUpdate'],
    tender: { status: 'withdrawn' },
  });
});

it('puts a linked line under the tender ocid with planning only, so the tender keeps its own values', () => {
  const own = render(revisedLine(undefined, revised('added'), PREFIX) as PlannedLine);
  const linked = render(
    linkedLine(own.line, {
      buyingUnitId: UNIT,
      fiscalYear: 2026,
      lineId: 'L1',
      tenderId: 't-9',
      reason: null,
      linkedBy: 'a',
      linkedAt: 'x',
    }),
    '2026-06-01T16:00:00.000Z',
  );
  valid(linked.release);
  expect(linked.release).toMatchObject({ ocid: 'ocds-test01-t-9', id: 'ocds-test01-t-9-plan-L1-1', tag: ['planning'] });
  expect(linked.release).not.toHaveProperty('tender');
  const tenderRelease = {
    ocid: 'ocds-test01-t-9',
    id: 'ocds-test01-t-9-1',
    date: '2026-03-01T16:00:00.000Z',
    tag: ['tender'],
    tender: { id: 't-9', status: 'active', value: { amount: 100, currency: 'MXN' } },
  };
  const compiled = compileReleases([tenderRelease, linked.release]);
  expect(compiled.tender).toEqual(tenderRelease.tender);
  expect(compiled.planning).toEqual(linked.release.planning);
});

it('fits the bulk CSV tables: a planned line is a procedure with its item', () => {
  const { release } = render(revisedLine(undefined, revised('added'), PREFIX) as PlannedLine);
  const compiled = compileReleases([release]);
  const procedures = tableRows(flatTable('procedures') as FlatTable, compiled);
  const items = tableRows(flatTable('items') as FlatTable, compiled);
  expect(procedures).toHaveLength(1);
  expect(items).toHaveLength(1);
  expect(items[0]).toContain('21100001');
});

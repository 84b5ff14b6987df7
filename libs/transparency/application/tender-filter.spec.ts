import { HttpException } from '@nestjs/common';
import { tenderFilter, totalStatement, withSupplierIds } from './public-tenders';

/** The SQL a search's filters become (the list, its total and the exports share it); run against data in e2e. */
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return ((error as HttpException).getResponse() as { code: string }).code;
  }
  return 'no error';
};

describe('tenderFilter', () => {
  it('reads only public procedures with no filter', () => {
    expect(tenderFilter({})).toEqual({ where: ['t.is_public'], params: [] });
  });

  it('finds a number by its beginning, upper-cased, LIKE wildcards taken literally', () => {
    const { where, params } = tenderFilter({ number: ' la-uc_1% ' });
    expect(where).toEqual(['t.is_public', 't.number LIKE $1']);
    expect(params).toEqual(['LA-UC\\_1\\%%']);
  });

  it("finds a supplier's words among the suppliers first, then the procedures by the indexed array", () => {
    const { where, params } = tenderFilter({ supplier: 'Cómputo  EKU9003173C9' });
    expect(where[1]).toBe(
      't.supplier_ids && ARRAY(SELECT s.supplier_id FROM transparency_suppliers s WHERE s.search_text LIKE $1 AND s.search_text LIKE $2)',
    );
    expect(params).toEqual(['%computo%', '%eku9003173c9%']);
  });

  it('names the suppliers as values once their words are resolved (none found: no procedure)', async () => {
    const asked: Array<[string, unknown[] | undefined]> = [];
    const db = {
      query: (sql: string, params?: unknown[]) => {
        asked.push([sql, params]);
        return Promise.resolve([{ supplier_id: 'sup-1' }, { supplier_id: 'sup-2' }]);
      },
    };
    const resolved = await withSupplierIds(db, { supplier: 'Cómputo EKU9003173C9', status: 'complete' as never });
    expect(asked).toEqual([
      [
        'SELECT s.supplier_id FROM transparency_suppliers s WHERE s.search_text LIKE $1 AND s.search_text LIKE $2',
        ['%computo%', '%eku9003173c9%'],
      ],
    ]);
    expect(tenderFilter(resolved)).toEqual({
      where: ['t.is_public', 't.status = $1', 't.supplier_ids && $2::text[]'],
      params: ['complete', ['sup-1', 'sup-2']],
    });
    expect(tenderFilter({ supplier: 'nadie', supplierIds: [] }).where[1]).toBe('t.supplier_ids && $1::text[]');
    // Nothing to resolve: no query, the same filter.
    const plain = { status: 'complete' as never };
    expect(await withSupplierIds(db, plain)).toBe(plain);
    expect(asked).toHaveLength(1);
  });

  it('reads a place through the units of that state and municipality', () => {
    const { where, params } = tenderFilter({ stateCode: '14', municipalityCode: '039' });
    expect(where[1]).toBe(
      't.buying_unit_id IN (SELECT bu.buying_unit_id FROM buying_units bu WHERE bu.state_code = $1 AND bu.municipality_code = $2)',
    );
    expect(params).toEqual(['14', '039']);
  });

  it('reads a level of government through the units of that level, with the place if given', () => {
    const { where, params } = tenderFilter({ level: 'municipal', stateCode: '14' });
    expect(where[1]).toBe(
      't.buying_unit_id IN (SELECT bu.buying_unit_id FROM buying_units bu WHERE bu.level = $1 AND bu.state_code = $2)',
    );
    expect(params).toEqual(['municipal', '14']);
  });

  it('reads a level alone in the register and in the units of imported records (GOBIERNO)', () => {
    const { where, params } = tenderFilter({ level: 'federal' });
    expect(where[1]).toBe(
      't.buying_unit_id IN (SELECT bu.buying_unit_id FROM buying_units bu WHERE bu.level = $1 UNION ALL SELECT hu.party_id FROM transparency_historical_units hu WHERE hu.level = $2)',
    );
    expect(params).toEqual(['federal', 'federal']);
  });

  it('leaves procedures without a deadline out of a deadline range, read as the deadline index reads it', () => {
    const { where } = tenderFilter({ deadlineFrom: '2026-01-01T00:00:00Z' });
    expect(where).toContain(`coalesce(t.submission_deadline, 'infinity'::timestamptz) >= $1::timestamptz`);
    expect(where).toContain('t.submission_deadline IS NOT NULL');
  });

  it('refuses inverted ranges and a municipality without its state (400)', () => {
    expect(codeOf(() => tenderFilter({ minAwardedValue: 2, maxAwardedValue: 1 }))).toBe('transparency.invalid_range');
    expect(
      codeOf(() => tenderFilter({ deadlineFrom: '2026-02-01T00:00:00Z', deadlineTo: '2026-01-01T00:00:00Z' })),
    ).toBe('transparency.invalid_range');
    expect(codeOf(() => tenderFilter({ municipalityCode: '039' }))).toBe('transparency.municipality_without_state');
    expect(codeOf(() => tenderFilter({ minAwardedValue: 1, maxAwardedValue: 1 }))).toBe('no error');
  });

  it('the total counts the same conditions, no order', () => {
    expect(totalStatement({ status: 'active.tendering' })).toEqual({
      sql: 'SELECT 1 FROM transparency_tenders t WHERE t.is_public AND t.status = $1',
      params: ['active.tendering'],
    });
  });
});

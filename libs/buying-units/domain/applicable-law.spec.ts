import { applicableLaw, LAASSP, LOPSRM, STATE_LAWS } from './applicable-law';

describe('the law that applies to a procedure', () => {
  it('is federal for a federal organisation: LAASSP, or LOPSRM for works', () => {
    expect(applicableLaw({ level: 'federal', stateCode: null, federalFunds: false, category: 'goods' })).toEqual({
      jurisdiction: 'federal',
      law: LAASSP,
      reason: 'federal_organisation',
      stateCode: null,
      verified: true,
    });
    expect(applicableLaw({ level: 'federal', stateCode: '14', federalFunds: false, category: 'works' }).law).toBe(
      LOPSRM,
    );
  });

  it('is federal for a state or municipality spending federal funds (APORTACION_FEDERAL)', () =>
    expect(
      applicableLaw({ level: 'municipal', stateCode: '14', federalFunds: true, category: 'services' }),
    ).toMatchObject({
      jurisdiction: 'federal',
      law: LAASSP,
      reason: 'federal_funds',
    }));

  it("is the state's own law for its own money, unverified, as the table says", () => {
    const jalisco = applicableLaw({ level: 'state', stateCode: '14', federalFunds: false, category: 'goods' });
    expect(jalisco).toMatchObject({ jurisdiction: 'state', reason: 'state_law', stateCode: '14', verified: false });
    expect(jalisco.law).toBe(STATE_LAWS['14'].goods);
    expect(applicableLaw({ level: 'municipal', stateCode: '14', federalFunds: false, category: 'works' }).law).toBe(
      STATE_LAWS['14'].works,
    );
  });

  it('says so when the state has no law configured, rather than guessing', () => {
    expect(applicableLaw({ level: 'state', stateCode: '32', federalFunds: false, category: 'goods' })).toEqual({
      jurisdiction: 'state',
      law: null,
      reason: 'state_law_not_configured',
      stateCode: '32',
      verified: false,
    });
    expect(applicableLaw({ level: 'state', stateCode: '15', federalFunds: false, category: 'works' }).reason).toBe(
      'state_law_not_configured',
    );
  });

  it('names no law for a state or municipal buyer whose state is unknown (an imported record)', () =>
    expect(
      applicableLaw({ level: 'municipal', stateCode: null, federalFunds: false, category: 'goods' }),
    ).toMatchObject({
      jurisdiction: 'state',
      law: null,
      reason: 'state_law_not_configured',
    }));

  it('keeps every configured state entry marked unverified', () =>
    expect(Object.values(STATE_LAWS).every((entry) => entry.verified === false)).toBe(true));
});

import { deciderSpec, thrownBy } from '../../../test/support/decider-spec';
import { STALE_RESERVATION_MS, type ValueReserved } from '@licita/shared';
import { claimsOf } from '../../../test/support/reservation-spec';
import { codeReservation } from './buying-unit-code-reservation';
import { buyingUnitDecider } from './buying-unit.decider';
import { BUYING_UNIT_ID, buyingUnitRegistered, registerBuyingUnit } from './buying-unit.scenarios';
import { INEGI_STATES } from './location';

const given = deciderSpec(buyingUnitDecider);

describe('registering a buying unit', () => {
  it('records the unit with its code upper-cased and its texts trimmed', () =>
    given()
      .when(
        registerBuyingUnit({
          code: ' 012000999 ',
          name: '  Dirección General de Recursos Materiales y Servicios Generales ',
        }),
      )
      .then(buyingUnitRegistered()));

  it.each(['state', 'municipal'] as const)('registers a %s unit', (level) =>
    given()
      .when(registerBuyingUnit({ level, code: 'mx-jal-0042' }))
      .then(buyingUnitRegistered({ level, code: 'MX-JAL-0042' })),
  );

  it('refuses a level other than federal, state or municipal', () =>
    given()
      .when(registerBuyingUnit({ level: 'regional' as never }))
      .thenThrows('buying_unit.invalid_level'));

  it.each(['', 'X', 'UC 12', 'Ñ0001'])('refuses the code "%s"', (code) =>
    given().when(registerBuyingUnit({ code })).thenThrows('buying_unit.invalid_code'),
  );

  it('refuses a unit without a name or a parent institution', () => {
    given()
      .when(registerBuyingUnit({ name: ' ' }))
      .thenThrows('buying_unit.invalid_name');
    given()
      .when(registerBuyingUnit({ parentInstitution: '' }))
      .thenThrows('buying_unit.invalid_parent_institution');
  });

  it('refuses registering the same unit twice', () =>
    given(buyingUnitRegistered()).when(registerBuyingUnit()).thenThrows('buying_unit.already_registered'));
});

describe("a unit's location (INEGI keys)", () => {
  const setLocation = (stateCode: string, municipalityCode?: string | null) => ({
    type: 'SetBuyingUnitLocation' as const,
    buyingUnitId: BUYING_UNIT_ID,
    location: { stateCode, municipalityCode },
  });
  const locationSet = (stateCode: string, municipalityCode: string | null) => ({
    type: 'BuyingUnitLocationSet' as const,
    data: { buyingUnitId: BUYING_UNIT_ID, location: { stateCode, municipalityCode } },
  });

  it('may be given at registration, the municipality optional', () => {
    given()
      .when(registerBuyingUnit({ location: { stateCode: '14', municipalityCode: '039' } }))
      .then(buyingUnitRegistered({ location: { stateCode: '14', municipalityCode: '039' } }));
    given()
      .when(registerBuyingUnit({ location: { stateCode: '09' } }))
      .then(buyingUnitRegistered({ location: { stateCode: '09', municipalityCode: null } }));
  });

  it('is set on a unit registered without one, and moved; the same place again records nothing', () => {
    given(buyingUnitRegistered()).when(setLocation('09')).then(locationSet('09', null));
    given(buyingUnitRegistered(), locationSet('09', null))
      .when(setLocation('14', '039'))
      .then(locationSet('14', '039'));
    given(buyingUnitRegistered(), locationSet('14', '039')).when(setLocation('14', '039')).thenNothing();
  });

  it.each([
    ['00', null],
    ['33', null],
    ['1', null],
    ['14', '39'],
    ['14', '000'],
    ['14', 'abc'],
  ])('refuses state %s, municipality %s', (stateCode, municipalityCode) => {
    given(buyingUnitRegistered())
      .when(setLocation(stateCode, municipalityCode))
      .thenThrows('buying_unit.invalid_location');
    given()
      .when(registerBuyingUnit({ location: { stateCode, municipalityCode } }))
      .thenThrows('buying_unit.invalid_location');
  });

  it('of a unit never registered is buying_unit.not_found', () =>
    given().when(setLocation('14')).thenThrows('buying_unit.not_found'));

  it('keeps the 32 states of the INEGI catalogue, 01 to 32', () => {
    expect(INEGI_STATES.map((state) => state.code)).toEqual(
      Array.from({ length: 32 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(INEGI_STATES.find((state) => state.code === '14')?.name).toBe('Jalisco');
  });
});

describe('the code reservation', () => {
  type BuyingUnitCodeReserved = ValueReserved<'code', 'buyingUnitId', 'BuyingUnitCodeReserved'>;
  const { evolve: evolveReservation, initialState: initialReservation } = codeReservation;
  const decideCodeClaim = claimsOf(codeReservation, { value: 'code', holder: 'buyingUnitId', uses: 'holderUsesCode' });
  const now = new Date('2026-03-01T12:00:00.000Z');
  const reserved = (buyingUnitId: string, reservedAt: string): BuyingUnitCodeReserved => ({
    type: 'BuyingUnitCodeReserved',
    data: { code: '012000999', buyingUnitId, reservedAt },
  });
  const heldBy = (buyingUnitId: string, msAgo: number) =>
    evolveReservation(initialReservation(), reserved(buyingUnitId, new Date(now.getTime() - msAgo).toISOString()));
  const claim = (buyingUnitId: string, holderUsesCode = false) => ({ code: '012000999', buyingUnitId, holderUsesCode });

  it('reserves a free code, and nothing more for the unit that holds it', () => {
    expect(decideCodeClaim(initialReservation(), claim('A'), now)).toEqual([reserved('A', now.toISOString())]);
    expect(decideCodeClaim(heldBy('A', 0), claim('A'), now)).toEqual([]);
  });

  it('refuses a code held by another unit with buying_unit.code_taken (409)', () =>
    expect(
      thrownBy(() => decideCodeClaim(heldBy('A', STALE_RESERVATION_MS * 100), claim('B', true), now)),
    ).toMatchObject({
      code: 'buying_unit.code_taken',
      kind: 'conflict',
    }));

  it('takes over a claim whose unit was never written, only once it is stale', () => {
    expect(thrownBy(() => decideCodeClaim(heldBy('A', STALE_RESERVATION_MS - 1), claim('B'), now))).toMatchObject({
      code: 'buying_unit.code_taken',
    });
    expect(decideCodeClaim(heldBy('A', STALE_RESERVATION_MS), claim('B'), now)).toEqual([
      {
        type: 'BuyingUnitCodeReserved',
        data: { code: '012000999', buyingUnitId: 'B', reservedAt: now.toISOString(), replaces: 'A' },
      },
    ]);
  });
});

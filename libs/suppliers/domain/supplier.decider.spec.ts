import { at, deciderSpec } from '../../../test/support/decider-spec';
import {
  canParticipate,
  nextSanctionExpiry,
  sanctionsInForce,
  supplierDecider,
  type SupplierState,
} from './supplier.decider';
import type { SupplierCommand, SupplierData, SupplierDataChanges, SupplierDocument } from './supplier.commands';
import type { SupplierEvent } from './supplier.events';
import {
  aPendingSupplier,
  aRejectedSupplier,
  aSupplierData,
  aSuspendedSupplier,
  aVerifiedSupplier,
  imposeSanction,
  registerSupplier,
  sanctionImposed,
  SUPPLIER_ID,
  supplierRegistered,
} from './supplier.scenarios';

const given = deciderSpec(supplierDecider);
const supplierId = SUPPLIER_ID;
const stateOf = (...events: SupplierEvent[]): SupplierState =>
  events.reduce(supplierDecider.evolve, supplierDecider.initialState());
const command = <T extends SupplierCommand['type']>(
  type: T,
  rest: Omit<Extract<SupplierCommand, { type: T }>, 'type' | 'supplierId'>,
) => ({ type, supplierId, ...rest }) as Extract<SupplierCommand, { type: T }>;
const update = (changes: SupplierDataChanges) => command('UpdateSupplierData', { changes });

describe('registering a supplier', () => {
  it('records a pending supplier with its data normalized', () =>
    given()
      .when(
        registerSupplier({
          rfc: ' eku-900317-3c9 ',
          legalName: '  Escuela   Kemper Urgate, S.A. de C.V. ',
          classifierCodes: ['45210000-2', ' 45210000-2', '33100000-1'],
          contact: { name: 'Ana Pérez', email: 'Ana@Kemper.Example.MX', phone: '+52 33 1234 5678' },
        }),
      )
      .then(supplierRegistered()));

  it('leaves it pending: it may not take part until a registrar verifies it', () => {
    const state = given().when(registerSupplier()).thenState();
    expect(state.status).toBe('pending');
    expect(canParticipate(state, new Date('2026-02-01T00:00:00Z'))).toBe(false);
  });

  it('registers an individual with a 13-character RFC', () =>
    given()
      .when(registerSupplier({ rfc: 'CACX7605101P8', personType: 'individual', legalName: 'Xochitl Casas Chávez' }))
      .then(supplierRegistered({ rfc: 'CACX7605101P8', personType: 'individual', legalName: 'Xochitl Casas Chávez' })));

  it.each<{ what: string; data: Partial<SupplierData>; code: string; details?: Record<string, unknown> }>([
    {
      what: 'a wrong RFC and says which part is wrong',
      data: { rfc: 'EKU9003173C8' },
      code: 'rfc.invalid',
      details: { part: 'check_digit', rfc: 'EKU9003173C8' },
    },
    {
      what: 'the generic RFC of sales to the public',
      data: { rfc: 'XAXX010101000', personType: 'individual' },
      code: 'rfc.invalid',
      details: { part: 'generic' },
    },
    {
      what: 'a 12-character RFC declared as an individual',
      data: { personType: 'individual' },
      code: 'supplier.person_type_mismatch',
      details: { rfcPersonType: 'legal_entity' },
    },
    {
      what: 'a 13-character RFC declared as a legal entity',
      data: { rfc: 'CACX7605101P8' },
      code: 'supplier.person_type_mismatch',
      details: { rfcPersonType: 'individual' },
    },
    {
      what: 'a size outside micro, small, medium and large',
      data: { size: 'huge' as never },
      code: 'supplier.invalid_size',
    },
    {
      what: 'an address whose state is not a Mexican state code',
      data: { address: { ...aSupplierData().address, state: 'Jalisco' as never } },
      code: 'supplier.invalid_address',
      details: { field: 'state' },
    },
    {
      what: 'a postal code that is not 5 digits',
      data: { address: { ...aSupplierData().address, postalCode: '4410' } },
      code: 'supplier.invalid_address',
      details: { field: 'postalCode' },
    },
    {
      what: 'a contact without a usable email',
      data: { contact: { ...aSupplierData().contact, email: 'ana-at-kemper' } },
      code: 'supplier.invalid_contact',
      details: { field: 'email' },
    },
    {
      what: 'a supplier that offers nothing',
      data: { classifierCodes: [] },
      code: 'supplier.invalid_classifier_codes',
    },
    { what: 'an empty legal name', data: { legalName: '   ' }, code: 'supplier.invalid_legal_name' },
  ])('refuses $what', ({ data, code, details }) => given().when(registerSupplier(data)).thenThrows(code, details));

  it('refuses registering the same supplier twice', () =>
    given(...aPendingSupplier())
      .when(registerSupplier())
      .thenThrows('supplier.already_registered'));
});

describe('verification by a registrar', () => {
  it('verifies a pending supplier, who may then take part', () => {
    given(...aPendingSupplier())
      .when(command('VerifySupplier', {}))
      .then({ type: 'SupplierVerified', data: { supplierId } });
    expect(canParticipate(stateOf(...aVerifiedSupplier()), new Date('2026-02-01T00:00:00Z'))).toBe(true);
  });

  it('rejects a pending supplier with a reason', () =>
    given(...aPendingSupplier())
      .when(command('RejectSupplier', { reason: ' the deed is illegible ' }))
      .then({ type: 'SupplierRejected', data: { supplierId, reason: 'the deed is illegible' } }));

  it('refuses a rejection without a reason', () =>
    given(...aPendingSupplier())
      .when(command('RejectSupplier', { reason: '' }))
      .thenThrows('supplier.reason_required'));

  it('refuses to verify a supplier that is not pending', () => {
    given(...aVerifiedSupplier())
      .when(command('VerifySupplier', {}))
      .thenThrows('supplier.not_pending', { status: 'verified' });
    given(...aRejectedSupplier())
      .when(command('VerifySupplier', {}))
      .thenThrows('supplier.not_pending', { status: 'rejected' });
  });

  it('refuses any command for a supplier that was never registered', () =>
    given().when(command('VerifySupplier', {})).thenThrows('supplier.not_found'));
});

describe('suspension', () => {
  it('suspends a verified supplier, who may no longer take part', () => {
    const state = given(...aVerifiedSupplier())
      .when(command('SuspendSupplier', { reason: 'false statements' }))
      .thenState();
    expect(state.status).toBe('suspended');
    expect(canParticipate(state, new Date('2026-02-01T00:00:00Z'))).toBe(false);
  });

  it('refuses to suspend a supplier that is not verified', () =>
    given(...aPendingSupplier())
      .when(command('SuspendSupplier', { reason: 'x' }))
      .thenThrows('supplier.not_verified'));

  it('reinstates a suspended supplier', () =>
    given(...aSuspendedSupplier())
      .when(command('ReinstateSupplier', { reason: 'the investigation was closed' }))
      .then({ type: 'SupplierReinstated', data: { supplierId, reason: 'the investigation was closed' } }));

  it('refuses to reinstate a supplier that is not suspended', () =>
    given(...aVerifiedSupplier())
      .when(command('ReinstateSupplier', { reason: 'x' }))
      .thenThrows('supplier.not_suspended'));
});

describe('changes of data by the supplier', () => {
  const newContact = { name: 'Luis Ruiz', email: 'luis@kemper.example.mx', phone: '+52 33 8765 4321' };

  it('records a new contact and stays verified', () => {
    given(...aVerifiedSupplier())
      .when(update({ contact: newContact }))
      .then({ type: 'SupplierDataChanged', data: { supplierId, changes: { contact: newContact } } });
    expect(
      given(...aVerifiedSupplier())
        .when(update({ contact: newContact }))
        .thenState().status,
    ).toBe('verified');
  });

  it('sends a verified supplier back to the registrar when its RFC changes', () => {
    given(...aVerifiedSupplier())
      .when(update({ rfc: 'IIA040805DZ4', size: 'medium' }))
      .then(
        { type: 'SupplierDataChanged', data: { supplierId, changes: { rfc: 'IIA040805DZ4', size: 'medium' } } },
        { type: 'SupplierReverificationRequired', data: { supplierId, changedFields: ['rfc'] } },
      );
    const state = given(...aVerifiedSupplier())
      .when(update({ rfc: 'iia040805dz4' }))
      .thenState();
    expect(state).toMatchObject({ status: 'pending', data: { rfc: 'IIA040805DZ4' } });
  });

  it('sends a verified supplier back to the registrar when its legal name changes', () =>
    given(...aVerifiedSupplier())
      .when(update({ legalName: 'Kemper Urgate Educación, S.A. de C.V.' }))
      .then(
        {
          type: 'SupplierDataChanged',
          data: { supplierId, changes: { legalName: 'Kemper Urgate Educación, S.A. de C.V.' } },
        },
        { type: 'SupplierReverificationRequired', data: { supplierId, changedFields: ['legalName'] } },
      ));

  it('changes nothing when the values are the ones it has', () =>
    given(...aVerifiedSupplier())
      .when(update({ rfc: 'eku9003173c9', size: 'small', contact: aSupplierData().contact }))
      .thenNothing());

  it('refuses a new RFC of the other person type', () =>
    given(...aVerifiedSupplier())
      .when(update({ rfc: 'CACX7605101P8' }))
      .thenThrows('supplier.person_type_mismatch'));

  it('refuses a wrong new RFC', () =>
    given(...aVerifiedSupplier())
      .when(update({ rfc: 'IIA040805DZ5' }))
      .thenThrows('rfc.invalid'));

  it('puts a rejected supplier that corrects its data back in the queue', () =>
    given(...aRejectedSupplier())
      .when(update({ size: 'micro' }))
      .then(
        { type: 'SupplierDataChanged', data: { supplierId, changes: { size: 'micro' } } },
        { type: 'SupplierReverificationRequired', data: { supplierId, changedFields: ['size'] } },
      ));

  it('lets a suspended supplier update its contact but not its identity, size or offer (#16 point 7)', () => {
    given(...aSuspendedSupplier())
      .when(update({ contact: newContact }))
      .then({ type: 'SupplierDataChanged', data: { supplierId, changes: { contact: newContact } } });
    given(...aSuspendedSupplier())
      .when(update({ legalName: 'Otra, S.A.' }))
      .thenThrows('supplier.suspended');
    given(...aSuspendedSupplier())
      .when(update({ size: 'large' }))
      .thenThrows('supplier.suspended', { fields: ['size'] });
  });
});

const before = new Date('2026-02-15T00:00:00Z');
const during = new Date('2026-05-01T00:00:00Z');
const afterEnd = new Date('2026-09-01T06:00:00Z');
const sanctioned = (...extra: SupplierEvent[]) => [...aVerifiedSupplier(), sanctionImposed(), ...extra];

describe('sanctions in force', () => {
  it('freezes the record but where it is notified while a sanction is in force, not before nor after (#16 point 7)', () => {
    const newContact = { name: 'Luis Ruiz', email: 'luis@kemper.example.mx', phone: '+52 33 8765 4321' };
    given(...sanctioned())
      .when(update({ legalName: 'Nueva Razón, S.A. de C.V.' }), at(during.toISOString()))
      .thenThrows('supplier.sanctioned', { fields: ['legalName'] });
    given(...sanctioned())
      .when(update({ contact: newContact }), at(during.toISOString()))
      .then({ type: 'SupplierDataChanged', data: { supplierId, changes: { contact: newContact } } });
    given(...sanctioned())
      .when(update({ size: 'large' }), at(afterEnd.toISOString()))
      .then({ type: 'SupplierDataChanged', data: { supplierId, changes: { size: 'large' } } });
  });

  it('records a sanction imposed by an auditor', () =>
    given(...aVerifiedSupplier())
      .when(imposeSanction(), at('2026-02-10T17:00:00Z', 'account-auditor'))
      .then(sanctionImposed()));

  it('bars the supplier from its start to its end date, with no other event needed', () => {
    const state = stateOf(...sanctioned());
    expect(canParticipate(state, before)).toBe(true);
    expect(canParticipate(state, new Date('2026-03-01T06:00:00Z'))).toBe(false);
    expect(canParticipate(state, during)).toBe(false);
    expect(canParticipate(state, new Date('2026-09-01T05:59:59.999Z'))).toBe(false);
    expect(canParticipate(state, afterEnd)).toBe(true);
  });

  it('still answers for a past moment once the expiry is recorded', () => {
    const expired = {
      type: 'SanctionExpired',
      data: { supplierId, sanctionId: 'sanction-1', expiredAt: '2026-09-01T06:00:00.000Z' },
    } as const;
    expect(canParticipate(stateOf(...sanctioned(expired)), during)).toBe(false);
    expect(canParticipate(stateOf(...sanctioned(expired)), afterEnd)).toBe(true);
  });

  it('keeps an indefinite sanction in force until it is lifted', () => {
    const state = stateOf(...aVerifiedSupplier(), sanctionImposed({ endsAt: null }));
    expect(canParticipate(state, new Date('2040-01-01T00:00:00Z'))).toBe(false);
  });

  it('lifts a sanction early: the supplier may take part again from that moment', () => {
    const state = given(...sanctioned())
      .when(
        command('LiftSanction', { sanctionId: 'sanction-1', reason: 'annulled on appeal' }),
        at('2026-05-01T00:00:00Z', 'account-auditor'),
      )
      .thenState();
    expect(state.sanctions[0].liftedAt).toBe('2026-05-01T00:00:00.000Z');
    expect(canParticipate(state, new Date('2026-04-30T23:59:59Z'))).toBe(false);
    expect(canParticipate(state, during)).toBe(true);
    expect(sanctionsInForce(state, during)).toEqual([]);
  });
});

describe('the end of sanctions', () => {
  it('records the end of a sanction whose end date passed, dated at its end date, however late it runs', () =>
    given(...sanctioned())
      .when(command('LiftExpiredSanctions', {}), at('2026-11-20T10:00:00Z', 'system'))
      .then({
        type: 'SanctionExpired',
        data: { supplierId, sanctionId: 'sanction-1', expiredAt: '2026-09-01T06:00:00.000Z' },
      }));

  it('records nothing before the end date, for an indefinite sanction, or twice', () => {
    given(...sanctioned())
      .when(command('LiftExpiredSanctions', {}), at('2026-09-01T05:59:59Z'))
      .thenNothing();
    given(...aVerifiedSupplier(), sanctionImposed({ endsAt: null }))
      .when(command('LiftExpiredSanctions', {}), at('2040-01-01T00:00:00Z'))
      .thenNothing();
    given(
      ...sanctioned({
        type: 'SanctionExpired',
        data: { supplierId, sanctionId: 'sanction-1', expiredAt: '2026-09-01T06:00:00.000Z' },
      }),
    )
      .when(command('LiftExpiredSanctions', {}), at('2026-12-01T00:00:00Z'))
      .thenNothing();
  });

  it('does not expire a sanction that was lifted early', () =>
    given(
      ...sanctioned({
        type: 'SanctionLifted',
        data: { supplierId, sanctionId: 'sanction-1', liftedAt: '2026-05-01T00:00:00.000Z', reason: 'x' },
      }),
    )
      .when(command('LiftExpiredSanctions', {}), at('2026-12-01T00:00:00Z'))
      .thenNothing());

  it('tells the scheduler when to look next', () => {
    expect(nextSanctionExpiry(stateOf(...aVerifiedSupplier()))).toBeNull();
    expect(
      nextSanctionExpiry(
        stateOf(...sanctioned(sanctionImposed({ sanctionId: 'sanction-2', endsAt: '2026-07-01T06:00:00.000Z' }))),
      ),
    ).toBe('2026-07-01T06:00:00.000Z');
  });
});

describe('imposing and lifting sanctions', () => {
  it('refuses a sanction that ends before it starts', () =>
    given(...aVerifiedSupplier())
      .when(imposeSanction({ endsAt: '2026-02-01T00:00:00Z' }))
      .thenThrows('sanction.invalid_period'));

  it('refuses a sanction whose end date has already passed', () =>
    given(...aVerifiedSupplier())
      .when(imposeSanction(), at('2026-10-01T00:00:00Z'))
      .thenThrows('sanction.already_ended'));

  it('refuses a start that is not a date', () =>
    given(...aVerifiedSupplier())
      .when(imposeSanction({ startsAt: 'next monday' }))
      .thenThrows('sanction.invalid_period', { field: 'startsAt' }));

  it('refuses a sanction without the number of its resolution or its reason', () => {
    given(...aVerifiedSupplier())
      .when(imposeSanction({ resolutionNumber: ' ' }))
      .thenThrows('sanction.resolution_number_required');
    given(...aVerifiedSupplier())
      .when(imposeSanction({ reason: '' }))
      .thenThrows('sanction.reason_required');
  });

  it('refuses the same sanction twice', () =>
    given(...sanctioned())
      .when(imposeSanction())
      .thenThrows('sanction.already_imposed'));

  it('sanctions a supplier in any status, even before verification', () =>
    given(...aPendingSupplier())
      .when(imposeSanction())
      .then(sanctionImposed()));

  it('refuses lifting an unknown sanction or one that has ended', () => {
    given(...aVerifiedSupplier())
      .when(command('LiftSanction', { sanctionId: 'nope', reason: 'x' }))
      .thenThrows('sanction.not_found');
    given(...sanctioned())
      .when(command('LiftSanction', { sanctionId: 'sanction-1', reason: 'x' }), at('2026-10-01T00:00:00Z'))
      .thenThrows('sanction.not_in_force');
  });
});

describe('attaching documents for the registrar', () => {
  const constancia: SupplierDocument = {
    kind: 'constancia_situacion_fiscal',
    documentId: 'doc-constancia',
    sha256: 'a'.repeat(64),
    mediaType: 'application/pdf',
    size: 1234,
    name: 'Constancia SAT.pdf',
  };
  const acta: SupplierDocument = { ...constancia, kind: 'acta_constitutiva', documentId: 'doc-acta', name: 'Acta' };
  const attach = (...documents: unknown[]) =>
    command('AttachSupplierDocuments', { documents: documents as SupplierDocument[] });
  const attached = (...documents: SupplierDocument[]): SupplierEvent => ({
    type: 'SupplierDocumentsAttached',
    data: { supplierId, documents },
  });

  it('records them while pending, names trimmed, and keeps them in the state', () => {
    given(...aPendingSupplier())
      .when(attach({ ...constancia, name: '  Constancia   SAT.pdf ' }, acta))
      .then(attached(constancia, acta));
    expect(stateOf(...aPendingSupplier(), attached(constancia), attached(acta)).documents).toEqual([constancia, acta]);
  });

  it('keeps a document named twice once, and records nothing for one already attached', () => {
    given(...aPendingSupplier())
      .when(attach(constancia, constancia))
      .then(attached(constancia));
    given(...aPendingSupplier(), attached(constancia))
      .when(attach(constancia))
      .thenNothing();
    given(...aPendingSupplier(), attached(constancia))
      .when(attach(constancia, acta))
      .then(attached(acta));
  });

  it('sends a rejected supplier that adds what was missing back to the registrar', () =>
    given(...aRejectedSupplier())
      .when(attach(acta))
      .then(attached(acta), { type: 'SupplierReverificationRequired', data: { supplierId, changedFields: [] } }));

  it('refuses them once verified or suspended: the registrar already decided', () => {
    given(...aVerifiedSupplier())
      .when(attach(constancia))
      .thenThrows('supplier.documents_closed', { status: 'verified' });
    given(...aSuspendedSupplier())
      .when(attach(constancia))
      .thenThrows('supplier.documents_closed', { status: 'suspended' });
  });

  it('refuses them for a supplier never registered', () =>
    given().when(attach(constancia)).thenThrows('supplier.not_found'));

  it.each<{ what: string; documents: unknown[]; code: string; details?: Record<string, unknown> }>([
    { what: 'no documents', documents: [], code: 'supplier.invalid_documents' },
    {
      what: 'more than 20 at once',
      documents: Array.from({ length: 21 }, (_, i) => ({ ...constancia, documentId: `doc-${i}` })),
      code: 'supplier.invalid_documents',
    },
    {
      what: 'a kind outside the list',
      documents: [{ ...constancia, kind: 'rfc' }],
      code: 'supplier.invalid_document_kind',
      details: { index: 0 },
    },
    {
      what: 'a document without its hash',
      documents: [acta, { ...constancia, sha256: 'nope' }],
      code: 'supplier.invalid_document',
      details: { index: 1, field: 'sha256' },
    },
    {
      what: 'a document without a name',
      documents: [{ ...constancia, name: '   ' }],
      code: 'supplier.invalid_document',
      details: { index: 0, field: 'name' },
    },
    {
      what: 'a document without a size',
      documents: [{ ...constancia, size: 0 }],
      code: 'supplier.invalid_document',
      details: { index: 0, field: 'size' },
    },
  ])('refuses $what', ({ documents, code, details }) =>
    given(...aPendingSupplier())
      .when(attach(...documents))
      .thenThrows(code, details),
  );

  it('evolves a supplier registered before documents existed (no documents in its events) to none', () => {
    const old = stateOf(supplierRegistered());
    expect(old.documents).toEqual([]);
    const legacy = { ...old, documents: undefined } as unknown as SupplierState;
    expect(supplierDecider.evolve(legacy, attached(acta)).documents).toEqual([acta]);
  });
});

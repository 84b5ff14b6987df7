import { supplierHistory } from './supplier-history';

const event = (
  type: string,
  data: Record<string, unknown>,
  actor = 'account-registrar',
  occurredAt = '2026-03-02T16:00:00.000Z',
) => ({
  type,
  data: { supplierId: 's-1', ...data },
  metadata: { actor, occurredAt, correlationId: 'c-1' },
});

describe("a supplier's history in the register", () => {
  it('lists each decision with when, who and why, in order, leaving out other events of the stream', () => {
    const history = supplierHistory([
      event('SupplierRegistered', { rfc: 'AAA010101AAA' }, 'anonymous', '2026-03-01T10:00:00.000Z'),
      event('SupplierRfcReserved', {}),
      event('SupplierRejected', { reason: 'El RFC no coincide con la constancia' }),
      event('SupplierDataChanged', { changes: { legalName: 'Otra, S.A.', size: 'medium' } }, 'account-supplier'),
      event('SupplierReverificationRequired', { changedFields: ['legalName'] }, 'account-supplier'),
      event('SupplierVerified', {}, 'account-registrar', '2026-03-03T10:00:00.000Z'),
      event('SanctionImposed', { sanctionId: 'sn-1', reason: 'Falsedad' }, 'account-auditor'),
    ] as never);
    expect(history.map((h) => [h.type, h.actor, h.reason, h.fields])).toEqual([
      ['SupplierRegistered', 'anonymous', null, []],
      ['SupplierRejected', 'account-registrar', 'El RFC no coincide con la constancia', []],
      ['SupplierDataChanged', 'account-supplier', null, ['legalName', 'size']],
      ['SupplierReverificationRequired', 'account-supplier', null, ['legalName']],
      ['SupplierVerified', 'account-registrar', null, []],
      ['SanctionImposed', 'account-auditor', 'Falsedad', []],
    ]);
    expect(history[0].at).toBe('2026-03-01T10:00:00.000Z');
    expect(history[5].sanctionId).toBe('sn-1');
  });
});

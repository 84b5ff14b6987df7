import type { DocumentOwner } from './document.decider';

/** Who is reading, as the documents context needs to know it (identity's Principal, narrowed). */
export type Reader =
  | { kind: 'anonymous' }
  | { kind: 'system' }
  | { kind: 'account'; accountId: string; role: string; supplierId?: string; buyingUnitId?: string };

/** The uploader's party may always read its documents: the same supplier, the same buying unit, the same account. */
export function isOwnersParty(owner: DocumentOwner, reader: Reader): boolean {
  if (reader.kind !== 'account') return false;
  if (owner.supplierId !== undefined) return reader.supplierId === owner.supplierId;
  if (owner.buyingUnitId !== undefined) return reader.buyingUnitId === owner.buyingUnitId;
  return reader.accountId === owner.accountId;
}

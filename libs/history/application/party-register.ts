import type { EventStore, RecordedEvent } from '@licita/event-store';
import type { BuyingUnitRegistered } from '@licita/buying-units';
import type { SupplierDataChanged, SupplierRegistered } from '@licita/suppliers';
import { normalizePartyName } from '../domain/party-names';
import type { SourceParty } from './source-record';

export type PartyMatch = { registeredId: string | null; matchedBy: 'code' | 'rfc' | 'name' | null };

/**
 * The buying-units and supplier registers as the import matches against them: units by unit key (the register's
 * `code`), suppliers by RFC, else by normalized legal name. Loaded from the event log (not a read model), so an
 * import from the command line sees every registration even when no projector is running.
 */
export class PartyRegister {
  private readonly unitsByCode = new Map<string, string>();
  private readonly unitsByName = new Map<string, string>();
  private readonly suppliersByRfc = new Map<string, string>();
  private readonly suppliersByName = new Map<string, string>();

  static async load(store: EventStore): Promise<PartyRegister> {
    const register = new PartyRegister();
    let fromPosition: bigint | undefined;
    for (;;) {
      const page = await store.readAll({
        fromPosition,
        maxCount: 5_000,
        filter: { eventTypePrefixes: ['BuyingUnitRegistered', 'SupplierRegistered', 'SupplierDataChanged'] },
      });
      for (const event of page) register.apply(event);
      if (page.length < 5_000) return register;
      fromPosition = page[page.length - 1].globalPosition;
    }
  }

  apply(event: RecordedEvent | { type: string; data: unknown }): void {
    if (event.type === 'BuyingUnitRegistered') {
      const unit = event.data as BuyingUnitRegistered['data'];
      this.addUnit(unit.buyingUnitId, unit.code, unit.name);
    } else if (event.type === 'SupplierRegistered') {
      const supplier = event.data as SupplierRegistered['data'];
      this.addSupplier(supplier.supplierId, supplier.rfc, supplier.legalName);
    } else if (event.type === 'SupplierDataChanged') {
      const { supplierId, changes } = event.data as SupplierDataChanged['data'];
      this.addSupplier(supplierId, changes.rfc, changes.legalName);
    }
  }

  addUnit(buyingUnitId: string, code: string, name: string): void {
    this.unitsByCode.set(code.trim().toUpperCase(), buyingUnitId);
    this.unitsByName.set(normalizePartyName(name), buyingUnitId);
  }

  addSupplier(supplierId: string, rfc?: string, legalName?: string): void {
    if (rfc) this.suppliersByRfc.set(normalizeRfc(rfc), supplierId);
    if (legalName) this.suppliersByName.set(normalizePartyName(legalName), supplierId);
  }

  matchBuyer(party: SourceParty): PartyMatch {
    const byCode = party.code ? this.unitsByCode.get(party.code.trim().toUpperCase()) : undefined;
    if (byCode) return { registeredId: byCode, matchedBy: 'code' };
    // A unit key that the register does not hold is a different unit, whatever its name: no match by name then.
    const byName = party.code ? undefined : this.unitsByName.get(normalizePartyName(party.name));
    return byName ? { registeredId: byName, matchedBy: 'name' } : { registeredId: null, matchedBy: null };
  }

  matchSupplier(party: SourceParty): PartyMatch {
    const byRfc = party.rfc ? this.suppliersByRfc.get(normalizeRfc(party.rfc)) : undefined;
    if (byRfc) return { registeredId: byRfc, matchedBy: 'rfc' };
    const byName = this.suppliersByName.get(normalizePartyName(party.name));
    return byName ? { registeredId: byName, matchedBy: 'name' } : { registeredId: null, matchedBy: null };
  }
}

/** As the supplier register spells RFCs (libs/suppliers normalizeRfc), without importing its value. */
const normalizeRfc = (rfc: string) => rfc.normalize('NFC').toUpperCase().replace(/[\s-]/g, '');

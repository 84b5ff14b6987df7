import type { CreateAccount } from './account.commands';
import type { AccountEvent } from './account.events';

export const ACCOUNT_ID = '3d0c5b7e-9a41-4f1e-b2c8-7e6a5d4c3b01';
export const A_HASH = '$scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaA';

export const createAccount = (overrides: Partial<CreateAccount> = {}): CreateAccount => ({
  type: 'CreateAccount',
  accountId: ACCOUNT_ID,
  email: 'ana@kemper.example.mx',
  role: 'supplier',
  origin: 'supplier_registration',
  supplierId: 'sup-1',
  passwordHash: A_HASH,
  ...overrides,
});

export const accountCreated = (overrides: Partial<CreateAccount> = {}): AccountEvent => {
  const {
    type: _type,
    origin: _origin,
    supplierId,
    buyingUnitId,
    mustChangePassword,
    ...data
  } = createAccount(overrides);
  return {
    type: 'AccountCreated',
    data: {
      ...data,
      supplierId: supplierId ?? null,
      buyingUnitId: buyingUnitId ?? null,
      mustChangePassword: mustChangePassword ?? false,
    },
  };
};

import type { CommandFieldsOf } from '@licita/identity';

/**
 * For `@Authorize` on commands aimed at an existing tender or contract: the guard checks the role before
 * anything else, taking the unit or supplier to be the caller's own; the handler then checks the tender's (or
 * contract's) real buying unit once it has loaded it. Both ask COMMAND_POLICY.
 */
export const roleFirst: CommandFieldsOf = (_request, principal) =>
  principal.kind === 'account' ? { buyingUnitId: principal.buyingUnitId, supplierId: principal.supplierId } : {};

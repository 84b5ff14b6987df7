import {
  claimReservation,
  CommandExecutor,
  createReserved,
  type CommandContext,
  type EventStore,
} from '@licita/event-store';
import { conflict } from '@licita/shared';
import { codeReservation } from '../domain/buying-unit-code-reservation';
import type {
  AssignBuyingUnitOrganisation,
  RegisterBuyingUnit,
  SetBuyingUnitLocation,
} from '../domain/buying-unit.commands';
import { buyingUnitDecider, checkRegistration, type BuyingUnitState } from '../domain/buying-unit.decider';
import { buyingUnitStream } from '../domain/buying-unit.events';
import { organisationKey, organisationKeyReservation } from '../domain/organisation-key-reservation';
import type { OrganisationSummary, RegisterOrganisation } from '../domain/organisation.commands';
import {
  checkOrganisation,
  organisationDecider,
  summaryOf,
  type OrganisationState,
} from '../domain/organisation.decider';
import { organisationStream } from '../domain/organisation.events';

export type BuyingUnitRegistration = { buyingUnitId: string; code: string; alreadyRegistered: boolean };
export type OrganisationRegistration = { organisationId: string; alreadyRegistered: boolean };

/**
 * Registers buying units: claims the code in its reservation stream, then writes the unit's stream. A
 * repeated registration (same id and code) answers with the one already made, so a retry after a crash
 * between the two appends completes it.
 */
export class BuyingUnitRegistry {
  private readonly executor: CommandExecutor;

  constructor(store: EventStore) {
    this.executor = new CommandExecutor(store);
  }

  /** Every rule of the unit (422) first; then its stream is loaded once and the unit decided once. */
  async register(unit: RegisterBuyingUnit, context: CommandContext): Promise<BuyingUnitRegistration> {
    const command = { ...unit, organisation: await this.organisationOf(unit.organisationId) };
    const { buyingUnitId, code } = checkRegistration(command);
    const holderUses = async (holder: string) => {
      const unit = await this.load(holder);
      return unit.registered && unit.code === code;
    };
    return createReserved(
      this.executor,
      { stream: buyingUnitStream(buyingUnitId), decider: buyingUnitDecider, command },
      {
        existing: (state) => (state.registered ? sameRegistration(state, buyingUnitId, code) : undefined),
        reserve: () =>
          claimReservation(this.executor, codeReservation, { value: code, holder: buyingUnitId }, holderUses, context),
        created: { buyingUnitId, code, alreadyRegistered: false },
      },
      context,
    );
  }

  /** Says where a unit is; the same location again appends nothing. 404 for a unit never registered. */
  async setLocation(command: SetBuyingUnitLocation, context: CommandContext): Promise<{ changed: boolean }> {
    const outcome = await this.executor.execute(
      buyingUnitStream(command.buyingUnitId),
      buyingUnitDecider,
      command,
      context,
    );
    return { changed: outcome.events.length > 0 };
  }

  /** Places a unit in the tree (or moves it); the same organisation again appends nothing. */
  async assignOrganisation(
    command: Omit<AssignBuyingUnitOrganisation, 'organisation'>,
    context: CommandContext,
  ): Promise<{ changed: boolean }> {
    const organisation = await this.organisationOf(command.organisationId);
    const outcome = await this.executor.execute(
      buyingUnitStream(command.buyingUnitId),
      buyingUnitDecider,
      { ...command, organisation },
      context,
    );
    return { changed: outcome.events.length > 0 };
  }

  /**
   * Registers a node of the government tree: its parent loaded for the decider, a state's or municipality's INEGI
   * key claimed first (`organisation-key-<key>`), then its stream written. A retry with the same id answers with it.
   */
  async registerOrganisation(
    input: Omit<RegisterOrganisation, 'type' | 'parent'>,
    context: CommandContext,
  ): Promise<OrganisationRegistration> {
    const command: RegisterOrganisation = {
      type: 'RegisterOrganisation',
      ...input,
      parent: await this.organisationOf(input.parentId),
    };
    const wanted = checkOrganisation(command);
    const { organisationId } = wanted;
    const key = organisationKey(wanted);
    const holderUses = async (holder: string) => {
      const other = await this.loadOrganisation(holder);
      return other.registered && organisationKey(other) === key;
    };
    return createReserved(
      this.executor,
      { stream: organisationStream(organisationId), decider: organisationDecider, command },
      {
        existing: (state) => (state.registered ? sameOrganisation(state, wanted) : undefined),
        reserve: async () => {
          if (key)
            await claimReservation(
              this.executor,
              organisationKeyReservation,
              { value: key, holder: organisationId },
              holderUses,
              context,
            );
        },
        created: { organisationId, alreadyRegistered: false },
      },
      context,
    );
  }

  async loadOrganisation(organisationId: string): Promise<OrganisationState> {
    return (await this.executor.load(organisationStream(organisationId), organisationDecider)).state;
  }

  /** The organisation a command names, for its decider; `null` when it names one that does not exist. */
  async organisationOf(organisationId: string | null | undefined): Promise<OrganisationSummary | null> {
    return organisationId ? summaryOf(await this.loadOrganisation(organisationId)) : null;
  }

  async load(buyingUnitId: string): Promise<BuyingUnitState> {
    return (await this.executor.load(buyingUnitStream(buyingUnitId), buyingUnitDecider)).state;
  }
}

function sameRegistration(existing: BuyingUnitState, buyingUnitId: string, code: string): BuyingUnitRegistration {
  if (!existing.registered || existing.code !== code)
    throw conflict('buying_unit.already_registered', `buying unit ${buyingUnitId} is already registered`);
  return { buyingUnitId, code, alreadyRegistered: true };
}

function sameOrganisation(
  existing: Extract<OrganisationState, { registered: true }>,
  wanted: { level: string; name: string; stateCode: string | null; municipalityCode: string | null },
): OrganisationRegistration {
  const same =
    existing.level === wanted.level &&
    existing.name === wanted.name &&
    existing.stateCode === wanted.stateCode &&
    existing.municipalityCode === wanted.municipalityCode;
  if (!same)
    throw conflict('organisation.already_registered', `organisation ${existing.organisationId} is already registered`);
  return { organisationId: existing.organisationId, alreadyRegistered: true };
}

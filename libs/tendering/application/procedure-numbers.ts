import { Injectable } from '@nestjs/common';
import { CommandExecutor, type CommandContext } from '@licita/event-store';
import { buyingUnitDecider, buyingUnitStream } from '@licita/buying-units';
import {
  numberingYear,
  numberUnitKey,
  procedureNumbersDecider,
  procedureNumbersStream,
  reservedNumberOf,
} from '../domain/procedure-number';
import type { TenderContent } from '../domain/tender.types';

/**
 * Reserves procedure numbers in the sequence stream of the buying unit and year (domain/procedure-number.ts).
 * Concurrent publications of one unit all write that stream at the revision they read: the losers read it again
 * and take the next sequence, so many retries are allowed (each one only a read and an append).
 */
@Injectable()
export class ProcedureNumbers {
  constructor(private readonly executor: CommandExecutor) {}

  /**
   * The tender's number, reserved now or earlier (a retry answers the same one); `undefined` when its buying
   * unit is not in the register (no code to number it with: nothing is made up).
   */
  async reserve(tenderId: string, content: TenderContent, context: CommandContext): Promise<string | undefined> {
    const { state: unit } = await this.executor.load(buyingUnitStream(content.buyingUnitId), buyingUnitDecider);
    if (!unit.registered) return undefined;
    const unitKey = numberUnitKey(unit.code);
    const year = numberingYear(context.now);
    const { state } = await this.executor.execute(
      procedureNumbersStream(unitKey, year),
      procedureNumbersDecider,
      { type: 'ReserveProcedureNumber', tenderId, procedureType: content.procedureType, unitKey, year },
      { ...context, idempotencyKey: undefined },
      { retries: 50 },
    );
    return reservedNumberOf(state, tenderId);
  }
}

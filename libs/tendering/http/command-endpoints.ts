import { applyDecorators, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { Authorize, type CommandFieldsOf } from '@licita/identity';

/**
 * For `@Authorize` on commands aimed at an existing tender or contract: the guard checks the role before
 * anything else, taking the unit or supplier to be the caller's own; the handler then checks the tender's (or
 * contract's) real buying unit once it has loaded it. Both ask COMMAND_POLICY.
 */
export const roleFirst: CommandFieldsOf = (_request, principal) =>
  principal.kind === 'account' ? { buyingUnitId: principal.buyingUnitId, supplierId: principal.supplierId } : {};

/**
 * A command's endpoint (`Post(':id/questions')`, `Put(…)`…): a bearer token, and the command's authorization
 * with `fields` (`null`: none, a command no ownership rule applies to).
 */
export const CommandEndpoint = (route: MethodDecorator, command: string, fields: CommandFieldsOf | null = roleFirst) =>
  applyDecorators(route, ApiBearerAuth(), Authorize(command, fields ?? undefined));

/** `POST <path>` answered 200: a command that moves the tender or contract on rather than creating something in it. */
export const ActionEndpoint = (path: string, command: string, fields: CommandFieldsOf | null = roleFirst) =>
  applyDecorators(Post(path), HttpCode(200), ApiBearerAuth(), Authorize(command, fields ?? undefined));

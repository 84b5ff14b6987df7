/**
 * The frameworks context: central purchasing bodies (stream `central-purchasing-body-<buyingUnitId>`), framework
 * agreements with their orders (stream `framework-agreement-<id>`: the orders are appended there, so the ceiling
 * is checked against every earlier order), the catalogue, and the query other contexts ask
 * (`GetFrameworkAgreementQuery`) and the command they send (`PlaceFrameworkOrderCommand`).
 */
export { FrameworksModule } from './frameworks.module';
export {
  AnswerFrameworkOrderCommand,
  DesignateCentralPurchasingBodyCommand,
  EstablishFrameworkAgreementCommand,
  GetFrameworkAgreementQuery,
  PlaceFrameworkOrderCommand,
  type PlaceFrameworkOrderInput,
} from './application/framework.cqrs';
export { FrameworkAgreements } from './application/framework-agreements';
export type { FrameworkAgreementView, FrameworkOrderView } from './application/framework-agreement.view';
export * from './domain/framework.events';
export type * from './domain/framework.commands';
export { toCentavos, toDecimal, type DecimalMoney } from './domain/decimal-amount';
export {
  agreementStatusAt,
  frameworkAgreementDecider,
  remainingOf,
  type FrameworkAgreementState,
  type OrderState,
} from './domain/framework-agreement.decider';
export { centralPurchasingBodyDecider } from './domain/central-purchasing-body.decider';
export { FrameworksProjection } from './projections/frameworks.projection';
export {
  FrameworkQueries,
  type AgreementSummary,
  type CatalogueEntry,
  type OrderSummary,
} from './application/framework-queries';

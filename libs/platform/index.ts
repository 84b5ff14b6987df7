/** The platform: configuration, request context, idempotency and the other parts every context runs on. */
export { LICITA_CONFIG, type LicitaConfig } from './config';

export { LICITA_CONFIG, type LicitaConfig } from './config';

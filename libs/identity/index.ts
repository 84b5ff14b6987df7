export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './application/password-hasher';

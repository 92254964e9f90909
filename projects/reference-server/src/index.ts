/*
 * The reference server as a library, for tests and tools:
 * `createReferenceServer({ port: 0, secret, control: true })`.
 */
export { signToken, tokenFromRequest, verifyToken } from './auth/jwt';
export type { AuthFailure, Identity } from './auth/jwt';
export { parseCli, USAGE } from './cli';
export { DIALECT_NAMES, resolveConfig } from './config';
export type {
  ConversationAuthorizer,
  DialectName,
  ServerClock,
  ServerConfig,
  ServerOptions,
} from './config';
export type { ClientFrame, ServerEnvelope } from './core/envelope';
export { ServerError } from './core/server-error';
export type { ServerErrorCode } from './core/server-error';
export { jsonLogger, silentLogger } from './logger';
export type { Logger, LogFields } from './logger';
export { createReferenceServer } from './server';
export type { ReferenceServer } from './server';

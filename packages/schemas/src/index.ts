/**
 * @switchboard/schemas — ready, typed event catalogs for five common realtime features: learning
 * progress, chapter comments, assistant conversations, two-party sessions and an SMS inbox. Each
 * catalog is also its own entry point (`@switchboard/schemas/progress`, ...) so a frontend bundles
 * only what it uses. Payloads are valibot schemas, which are Standard Schema values.
 *
 * @module @switchboard/schemas
 */
export * from './access.js';
export * from './comments.js';
export * from './conversations.js';
export {
  countSchema,
  displayNameSchema,
  E164_PATTERN,
  idSchema,
  objectSchema,
  percentageSchema,
  phoneNumberSchema,
  recordIdSchema,
  textSchema,
  timestampSchema,
  urlSchema,
} from './primitives.js';
export * from './progress.js';
export * from './sessions.js';
export * from './sms.js';

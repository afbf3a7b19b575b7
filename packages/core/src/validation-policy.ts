/**
 * Where payloads are checked against their event's schema: on publish, on receipt, both, or
 * neither. One policy value is shared by both ends (put it next to the contract); each end applies
 * its own half. The trust model behind the default is in docs/schemas.md ("Validation policy").
 */

/**
 * - `'both'` (the default): the publisher refuses invalid data before sending (VALIDATION_FAILED at
 *   the call, with the stack of the code that built it); the subscriber checks again on receipt,
 *   which guards against schema skew between deployments (an old browser bundle, a newer server).
 * - `'publish'`: only the publisher checks. For subscribers that trust every publisher to run the
 *   same contract (deployed together, no skew).
 * - `'receive'`: only the subscriber checks. For publishers whose data is already known valid.
 * - `false`: nobody checks; types still flow, nothing is verified at run time.
 */
export type ValidationPolicy = 'both' | 'publish' | 'receive' | false;

/** The policy when none is given. */
export const DEFAULT_VALIDATION_POLICY: ValidationPolicy = 'both';

/**
 * Whether `side` validates under `policy`. `true` (the former boolean option) reads as the default
 * and `undefined` is the default.
 */
export function validatesOn(side: 'publish' | 'receive', policy: ValidationPolicy | boolean | undefined): boolean {
  if (policy === undefined || policy === true) return true;
  return policy === 'both' || policy === side;
}

/**
 * Readers for adapters' environment variables. Each one trims the value and throws CONFIG naming
 * the variable (and the provider that needs it) when it is missing or malformed, so a bad
 * deployment fails at startup with the name to fix instead of at the first publish.
 */
import type { EnvironmentVariables } from './adapter-modules.js';
import { RealtimeError } from './errors.js';

function invalid(name: string, provider: string, problem: string): RealtimeError {
  const text = problem.startsWith('=') ? `${name}${problem}` : `${name} ${problem}`;
  return new RealtimeError('CONFIG', `${text} (needed by REALTIME_PROVIDER=${provider})`, {
    provider,
    details: { variable: name },
  });
}

/** The trimmed value, or `undefined` when unset or blank. */
export function optionalVariable(env: EnvironmentVariables, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** The trimmed value; CONFIG naming the variable when unset or blank. */
export function requiredVariable(env: EnvironmentVariables, name: string, provider: string): string {
  const value = optionalVariable(env, name);
  if (value === undefined) throw invalid(name, provider, 'is not set');
  return value;
}

/** A TCP port (1–65535), or `undefined` when unset; CONFIG naming the variable otherwise. */
export function portVariable(env: EnvironmentVariables, name: string, provider: string): number | undefined {
  const value = optionalVariable(env, name);
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw invalid(name, provider, `=${value} is not a valid port`);
  return port;
}

/** `true`/`false` (also `1`/`0`, `yes`/`no`), or `undefined` when unset; CONFIG naming the variable otherwise. */
export function booleanVariable(env: EnvironmentVariables, name: string, provider: string): boolean | undefined {
  const value = optionalVariable(env, name)?.toLowerCase();
  if (value === undefined) return undefined;
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw invalid(name, provider, `=${value} is not true or false`);
}

/** An http(s), ws(s) or redis(s) URL, or `undefined` when unset; CONFIG naming the variable otherwise. */
export function urlVariable(env: EnvironmentVariables, name: string, provider: string, protocols: readonly string[]): string | undefined {
  const value = optionalVariable(env, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(name, provider, `=${value} is not a URL`);
  }
  if (!protocols.includes(url.protocol)) throw invalid(name, provider, `must be a ${protocols.join(' or ')} URL`);
  return value;
}

/**
 * The CONFIG error for a variable whose value has the wrong shape (an API key format, a minimum
 * secret length); `problem` says what is wrong without echoing the value, which may be a secret.
 */
export function variableError(name: string, provider: string, problem: string): RealtimeError {
  return invalid(name, provider, problem);
}

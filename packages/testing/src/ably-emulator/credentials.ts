/**
 * API keys and tokens: parses `appId.keyId:secret` keys, checks TokenRequest MACs, issues tokens and
 * keeps the token table with expiry, and turns Basic/Bearer headers or socket query params into the
 * credential (key name, clientId, capability) a request runs with.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { errors } from './ably-error.js';
import { ALL_CAPABILITIES, type Capability, canonicalCapability, intersectCapabilities, parseCapability } from './capability.js';

/** What a request or connection is allowed to do, and as whom. */
export interface Credential {
  keyName: string;
  /** The identified client; `undefined` is anonymous, `*` may act as anyone. */
  clientId: string | undefined;
  capability: Capability;
  /** Present for token auth. */
  token?: TokenRecord | undefined;
}

export interface TokenRecord {
  token: string;
  keyName: string;
  clientId: string | undefined;
  capability: Capability;
  issued: number;
  expires: number;
}

/** The TokenDetails JSON Ably answers requestToken with. */
export interface TokenDetails {
  /** The token string clients connect with. */
  token: string;
  /** The key that issued it. */
  keyName: string;
  /** When it was issued, in ms. */
  issued: number;
  /** When it expires, in ms. */
  expires: number;
  /** JSON of the capability it grants. */
  capability: string;
  /** The client id it is bound to. */
  clientId?: string;
}

/** An API key with the settings Ably keeps per key. */
export interface ApiKeyOptions {
  /** `appId.keyId:secret`. */
  key: string;
  /**
   * What the key may do; tokens it issues get the intersection of this and what they request.
   * @default { "*": ["*"] }
   */
  capability?: Capability;
  /**
   * Revocable tokens enabled on the key: Ably then issues tokens of at most 1 hour.
   * @default false
   */
  revocableTokens?: boolean;
}

interface ApiKey {
  keyName: string;
  secret: string;
  capability: Capability;
  revocableTokens: boolean;
}

const DEFAULT_TTL_MS = 60 * 60 * 1000;
const MAX_TTL_MS = 24 * 60 * 60 * 1000;
/** Longest token of a key with revocable tokens enabled. */
const MAX_REVOCABLE_TTL_MS = 60 * 60 * 1000;
/** How far a TokenRequest timestamp may be from Ably's clock (hosted: 2 minutes, else 40104). */
const TIMESTAMP_WINDOW_MS = 2 * 60 * 1000;

function parseKey(entry: string | ApiKeyOptions): ApiKey {
  const options = typeof entry === 'string' ? { key: entry } : entry;
  const match = /^([^.:]+\.[^.:]+):(.+)$/.exec(options.key);
  if (!match) throw new Error(`Ably key "${options.key}" must look like appId.keyId:secret`);
  return {
    keyName: match[1] as string,
    secret: match[2] as string,
    capability: options.capability ?? ALL_CAPABILITIES,
    revocableTokens: options.revocableTokens ?? false,
  };
}

function field(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

export class CredentialStore {
  private readonly keys = new Map<string, ApiKey>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly nonces = new Map<string, number>();

  /** `clock` is Ably's clock: TokenRequest timestamps, issue and expiry times are read on it. */
  constructor(
    keys: ReadonlyArray<string | ApiKeyOptions>,
    private readonly clock: () => number = Date.now,
  ) {
    for (const key of keys) {
      const parsed = parseKey(key);
      this.keys.set(parsed.keyName, parsed);
    }
    if (this.keys.size === 0) throw new Error('startAblyEmulator needs at least one key (appId.keyId:secret)');
  }

  /** Checks a TokenRequest's MAC, timestamp, nonce and capability, then issues a token. */
  requestToken(pathKeyName: string, body: unknown): TokenDetails {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.invalidBody('TokenRequest must be a JSON object');
    const request = body as Record<string, unknown>;
    const keyName = field(request.keyName);
    if (!keyName) throw errors.invalidBody('TokenRequest has no keyName');
    if (keyName !== pathKeyName) throw errors.unauthorized('TokenRequest keyName does not match the request path');
    const key = this.keys.get(keyName);
    if (!key) throw errors.unknownKey(keyName);
    const timestamp = Number(request.timestamp);
    const nonce = field(request.nonce);
    if (!Number.isFinite(timestamp) || nonce.length < 16)
      throw errors.invalidBody('TokenRequest needs a timestamp and a nonce of 16+ characters');
    const signed = [
      keyName,
      field(request.ttl),
      field(request.capability),
      field(request.clientId),
      field(request.timestamp),
      nonce,
      '',
    ].join('\n');
    const expected = createHmac('sha256', key.secret).update(signed).digest();
    const given = Buffer.from(field(request.mac), 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw errors.unauthorized('Invalid MAC: the TokenRequest was not signed by this key');
    }
    const now = this.clock();
    if (Math.abs(now - timestamp) > TIMESTAMP_WINDOW_MS) throw errors.timestampNotCurrent();
    this.forgetOldNonces(now);
    const nonceKey = `${keyName}:${nonce}`;
    if (this.nonces.has(nonceKey)) throw errors.nonceReplayed();
    this.nonces.set(nonceKey, now);
    // Ably grants the intersection of what the token asks and what the key has; nothing in common → 40160.
    const capability =
      request.capability === undefined || request.capability === ''
        ? key.capability
        : intersectCapabilities(parseCapability(field(request.capability)), key.capability);
    if (Object.keys(capability).length === 0)
      throw errors.capabilityRefused('*', 'requested capability has nothing in common with the key');
    const ttl = request.ttl === undefined || request.ttl === '' ? DEFAULT_TTL_MS : Number(request.ttl);
    if (!Number.isFinite(ttl) || ttl <= 0 || ttl > MAX_TTL_MS) throw errors.invalidBody(`Invalid ttl ${field(request.ttl)}`);
    if (key.revocableTokens && ttl > MAX_REVOCABLE_TTL_MS) throw errors.revocableTtlTooLong(ttl, MAX_REVOCABLE_TTL_MS);
    const clientId = request.clientId === undefined || request.clientId === '' ? undefined : field(request.clientId);
    const record: TokenRecord = {
      token: `${keyName.split('.')[0]}.${randomBytes(18).toString('base64url')}`,
      keyName,
      clientId,
      capability,
      issued: now,
      expires: now + ttl,
    };
    this.tokens.set(record.token, record);
    return this.details(record);
  }

  details(record: TokenRecord): TokenDetails {
    const details: TokenDetails = {
      token: record.token,
      keyName: record.keyName,
      issued: record.issued,
      expires: record.expires,
      capability: canonicalCapability(record.capability),
    };
    if (record.clientId !== undefined) details.clientId = record.clientId;
    return details;
  }

  /** `keyName:secret`, from a Basic header or the `key` socket param. */
  fromKey(key: string, clientId: string | undefined): Credential {
    const separator = key.indexOf(':');
    const keyName = separator < 0 ? key : key.slice(0, separator);
    const stored = this.keys.get(keyName);
    if (!stored) throw errors.unknownKey(keyName);
    if (stored.secret !== key.slice(separator + 1)) throw errors.unauthorized('Invalid credentials: wrong key secret');
    // Basic auth may act as any clientId it names.
    return { keyName, clientId, capability: stored.capability };
  }

  /** A token from a Bearer header or the `access_token` socket param. */
  fromToken(token: string): Credential {
    const record = this.tokens.get(token);
    if (!record) throw errors.tokenUnrecognised();
    if (this.clock() >= record.expires) throw errors.tokenExpired();
    return { keyName: record.keyName, clientId: record.clientId, capability: record.capability, token: record };
  }

  /** Reads an `Authorization` header: `Basic base64(key)` or `Bearer base64(token)`. */
  fromAuthorizationHeader(header: string | undefined): Credential {
    if (!header) throw errors.unauthorized('No authentication information provided');
    const [scheme, value = ''] = header.split(' ', 2);
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    if (scheme?.toLowerCase() === 'basic') return this.fromKey(decoded, undefined);
    if (scheme?.toLowerCase() === 'bearer') return this.fromToken(decoded);
    throw errors.unauthorized(`Unsupported authorization scheme "${scheme}"`);
  }

  /** Fault: every token (of `clientId`, when given) expires now. Returns the expired tokens. */
  expireTokens(clientId?: string): Set<string> {
    const expired = new Set<string>();
    const now = this.clock();
    for (const record of this.tokens.values()) {
      if (clientId !== undefined && record.clientId !== clientId) continue;
      if (record.expires <= now) continue;
      record.expires = now;
      expired.add(record.token);
    }
    return expired;
  }

  private forgetOldNonces(now: number): void {
    for (const [nonce, seenAt] of this.nonces) {
      if (now - seenAt > TIMESTAMP_WINDOW_MS) this.nonces.delete(nonce);
    }
  }
}

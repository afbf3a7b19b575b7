// Three ways to configure jwtAuthenticator (jose is loaded on first use).
import { jwtAuthenticator } from '@switchboard/core/auth';

const secret = process.env.JWT_SECRET ?? '';

// HS256 with a shared secret of at least 32 bytes.
export const bySecret = jwtAuthenticator({ secret });

// The identity provider's key set: issuer and audience are required, so tokens it signs for
// other applications are refused; typ (optional) accepts only OAuth access tokens (RFC 9068).
export const byKeySet = jwtAuthenticator({
  jwksUrl: 'https://auth.example.com/.well-known/jwks.json',
  issuer: 'https://auth.example.com/',
  audience: 'realtime',
  typ: 'at+jwt',
});

// Your own mapping from claims to the user (id plus the public profile presence members see).
export const withProfile = jwtAuthenticator({
  secret,
  userFromClaims: (claims) => ({ id: String(claims.sub), info: { name: claims.nickname } }),
});

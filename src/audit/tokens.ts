import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from "jose";
import { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";

/**
 * Access-token validation with jose against the issuer's JWKS: signature, issuer, audience, expiry and
 * not-before, RS256 only (what Entra signs with). The Entra MCP guidance says not to hand-write this
 * (learn.microsoft.com/entra/agent-id/secure-mcp-server-with-entra-id) and to accept v2.0 tokens only:
 * issuer https://login.microsoftonline.com/<tenant>/v2.0, keys at .../discovery/v2.0/keys.
 */
export interface TokenValidatorOptions {
  /** Expected `iss`. */
  issuer: string;
  /** Accepted `aud` values: the client id and/or the Application ID URI. */
  audiences: string[];
  /** The signing keys: a JWKS URL (cached and refreshed by jose) or a key set function (a local test issuer). */
  jwks: URL | JWTVerifyGetKey;
  /** Client ids (azp/appid) allowed to call; undefined allows any client the issuer served. */
  allowedClientApps?: string[];
  /** Every one of these delegated scopes (scp) or app roles (roles) must be present. @default [] */
  requiredScopes?: string[];
  /** Clock skew tolerated, in seconds. @default 60 */
  clockToleranceSeconds?: number;
}

/** Why a token was refused, in words safe to record (never the token). */
export class TokenRejected extends Error {
  constructor(readonly reason: "missing" | "invalid" | "expired" | "client" | "scope") {
    super(`token ${reason}`);
    this.name = "TokenRejected";
  }
}

/** The v2.0 issuer and JWKS of an Entra tenant. */
export const entraEndpoints = (tenantId: string) => ({
  issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
  jwks: new URL(`https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`),
});

/** The identity the audit row records, from claims only: never from a header the client chose. */
export interface CallerIdentity {
  user: string;
  objectId: string;
  clientAppId: string;
}

export function identityOf(claims: JWTPayload): CallerIdentity {
  const s = (k: string) => {
    const v = claims[k];
    return typeof v === "string" ? v : "";
  };
  return { user: s("preferred_username") || s("upn") || s("email") || s("sub"), objectId: s("oid") || s("sub"), clientAppId: s("azp") || s("appid") };
}

export type TokenValidator = (bearer: string | undefined) => Promise<AuthInfo>;

export function createTokenValidator(options: TokenValidatorOptions): TokenValidator {
  const keys = options.jwks instanceof URL ? createRemoteJWKSet(options.jwks) : options.jwks;
  const required = options.requiredScopes ?? [];
  return async (bearer) => {
    if (!bearer) throw new TokenRejected("missing");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(bearer, keys, {
        issuer: options.issuer,
        audience: options.audiences,
        algorithms: ["RS256"],
        clockTolerance: options.clockToleranceSeconds ?? 60,
        requiredClaims: ["exp"],
      }));
    } catch (err) {
      throw new TokenRejected(err instanceof errors.JWTExpired ? "expired" : "invalid");
    }
    const identity = identityOf(payload);
    if (options.allowedClientApps && !options.allowedClientApps.includes(identity.clientAppId)) throw new TokenRejected("client");
    const granted = [...(typeof payload.scp === "string" ? payload.scp.split(" ") : []), ...(Array.isArray(payload.roles) ? payload.roles.map(String) : [])];
    if (!required.every((r) => granted.includes(r))) throw new TokenRejected("scope");
    return { token: bearer, clientId: identity.clientAppId, scopes: granted, expiresAt: payload.exp, extra: { identity } };
  };
}

import { createTokenValidator, RateLimiter } from "../../src/audit";
import { AUDIENCE, CURSOR_APP, ISSUER, testIssuer } from "./fixtures";

describe("token validation against a local test issuer's JWKS", () => {
  let issuer: Awaited<ReturnType<typeof testIssuer>>;
  beforeAll(async () => {
    issuer = await testIssuer();
  });
  const validator = (over = {}) => createTokenValidator({ issuer: ISSUER, audiences: [AUDIENCE, `api://${AUDIENCE}`], jwks: issuer.jwks, allowedClientApps: [CURSOR_APP], requiredScopes: ["user_impersonation"], ...over });
  const reason = (p: Promise<unknown>) => p.then(() => "accepted", (e: { reason?: string }) => e.reason ?? "thrown");

  it("accepts an Entra-shaped v2 token and takes the identity from its claims", async () => {
    const auth = await validator()(await issuer.sign());
    expect(auth.clientId).toBe(CURSOR_APP);
    expect(auth.scopes).toEqual(["user_impersonation"]);
    expect(auth.extra?.identity).toEqual({ user: "dev@contoso.com", objectId: "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b", clientAppId: CURSOR_APP });
  });

  it("refuses a missing, expired, foreign-audience, foreign-issuer, unsigned or other-key token", async () => {
    const other = await testIssuer();
    const [header, body] = (await issuer.sign()).split(".");
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${body}.`;
    expect(await reason(validator()(undefined))).toBe("missing");
    expect(await reason(validator()(await issuer.sign({}, { expiresIn: Math.floor(Date.now() / 1000) - 600 })))).toBe("expired");
    expect(await reason(validator()(await issuer.sign({}, { audience: "https://graph.microsoft.com" })))).toBe("invalid");
    expect(await reason(validator()(await issuer.sign({}, { issuer: "https://sts.windows.net/x/" })))).toBe("invalid");
    expect(await reason(validator()(unsigned))).toBe("invalid");
    expect(await reason(validator()(`${header}.${body}.AAAA`))).toBe("invalid");
    expect(await reason(validator()(await other.sign()))).toBe("invalid");
  });

  it("refuses a token another app obtained, or one without the required scope", async () => {
    expect(await reason(validator()(await issuer.sign({ azp: "00000000-0000-0000-0000-000000000001" })))).toBe("client");
    expect(await reason(validator()(await issuer.sign({ scp: "Mail.Read" })))).toBe("scope");
  });
});

describe("RateLimiter", () => {
  it("allows 100 a minute per caller by default, refills continuously and keeps callers apart", () => {
    let now = 0;
    const limiter = new RateLimiter({ now: () => now });
    expect(Array.from({ length: 101 }, () => limiter.take("alice")).filter(Boolean)).toHaveLength(100);
    expect(limiter.take("bob")).toBe(true);
    expect(limiter.retryAfterSeconds("alice")).toBe(1);
    now += 30_000;
    expect(Array.from({ length: 60 }, () => limiter.take("alice")).filter(Boolean)).toHaveLength(50);
  });

  it("forgets the longest-idle caller beyond maxCallers", () => {
    const limiter = new RateLimiter({ limit: 1, maxCallers: 2, now: () => 0 });
    limiter.take("a");
    limiter.take("b");
    limiter.take("c");
    expect(limiter.take("a")).toBe(true);
    expect(limiter.take("c")).toBe(false);
  });
});

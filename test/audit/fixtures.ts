import * as fs from "node:fs";
import * as https from "node:https";
import { AddressInfo } from "node:net";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { createLocalJWKSet, exportJWK, generateKeyPair, JWTPayload, SignJWT } from "jose";

export const tls = (f: string) => fs.readFileSync(path.join(__dirname, "../fixtures/tls", f));

export const TENANT = "72f988bf-0000-4000-8000-00000000c0de";
export const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
export const AUDIENCE = "3b1f0c2e-8d4a-4f6b-9e21-7c5a0d9e4b13";
export const CURSOR_APP = "5e2a9c41-7b3d-4e8f-a160-2d9f8b7c6a54";

/** A local stand-in for Entra: an RS256 key pair, its JWKS, and tokens shaped like Entra v2 access tokens. */
export async function testIssuer() {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const jwks = createLocalJWKSet({ keys: [jwk] });
  const sign = (claims: JWTPayload = {}, opts: { expiresIn?: string | number; issuer?: string; audience?: string } = {}) =>
    new SignJWT({ ver: "2.0", scp: "user_impersonation", azp: CURSOR_APP, oid: "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b", preferred_username: "dev@contoso.com", tid: TENANT, ...claims })
      .setProtectedHeader({ alg: "RS256", kid: "test-key", typ: "JWT" })
      .setIssuer(opts.issuer ?? ISSUER)
      .setAudience(opts.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(opts.expiresIn ?? "1h")
      .sign(privateKey);
  return { jwks, sign };
}

export interface Received {
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>[];
}

/**
 * The Logs Ingestion API on 127.0.0.1 over HTTPS: records each upload and answers 204 as the API
 * documents for an accepted one, or the next status from `statuses` (429 with Retry-After, 503, 400).
 */
export function ingestionServer(statuses: number[] = []): Promise<{ url: string; received: Received[]; attempts: () => number; close: () => Promise<void> }> {
  const received: Received[] = [];
  let attempts = 0;
  const server = https.createServer({ key: tls("localhost.key.pem"), cert: tls("localhost.cert.pem") }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      attempts++;
      const status = statuses.shift() ?? 204;
      if (status !== 204) {
        res.writeHead(status, { "content-type": "application/json", ...(status === 429 ? { "retry-after": "1" } : {}) }).end(JSON.stringify({ error: { code: status === 429 ? "TooManyRequests" : "ServiceUnavailable", message: "try later" } }));
        return;
      }
      const raw = Buffer.concat(chunks);
      const text = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
      const url = new URL(req.url ?? "/", "https://127.0.0.1");
      received.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body: JSON.parse(text) });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `https://127.0.0.1:${port}`, received, attempts: () => attempts, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

export const staticCredential = { getToken: async () => ({ token: "test-token-not-a-secret", expiresOnTimestamp: Date.now() + 3_600_000 }) };

import { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { McpAuditRecord } from "../schema/mcpServerLogs";
import { TokenRejected, TokenValidator } from "./tokens";
import { HttpCallContext, RecordSink } from "./transport";
import { isIdentity, isRecord } from "./values";

/** RFC 9728's well-known path; the MCP authorization spec has clients start discovery there. */
export const PRM_PATH = "/.well-known/oauth-protected-resource";

export interface McpHttpFrontDoorOptions {
  /** Checks the bearer token; its AuthInfo.extra.identity is what records show as the user. */
  validate: TokenValidator;
  /** Denied rows go here (the same sink as the transport's). */
  sink: RecordSink;
  serverName: string;
  /** The canonical MCP URL (the PRM `resource`, the Application ID URI in Entra). */
  resource: string;
  /** PRM `authorization_servers`, e.g. https://login.microsoftonline.com/<tenant>/v2.0. */
  authorizationServers: string[];
  /** PRM `scopes_supported`. */
  scopes: string[];
  /** Take the caller address from X-Forwarded-For's first hop (behind App Service's front end). @default false: the socket address */
  trustForwardedFor?: boolean;
  /** Request bodies above this are refused with 413. @default 4 MiB */
  maxBodyBytes?: number;
  /** The app's own routing: typically `transport.handleRequest(req, res, body)` for the session's transport. */
  handle: (req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse, body: unknown) => Promise<void>;
}

const origin = (resource: string) => new URL(resource).origin;

function callerIp(req: IncomingMessage, trustForwardedFor: boolean): string {
  const forwarded = req.headers["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  // App Service appends the client port to X-Forwarded-For (1.2.3.4:5678).
  const hop = first?.replace(/^\[?([0-9a-f.:]+?)\]?(:\d+)?$/i, "$1");
  return (trustForwardedFor && hop) || req.socket.remoteAddress || "";
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | "too-large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > max) return "too-large";
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * The HTTP front door of an MCP server or gateway: serves the protected-resource metadata, refuses
 * calls without a valid token with 401 (403 for a token from an app or with scopes not allowed) and
 * the RFC 9728 `resource_metadata` pointer, records each refusal as a Denied row, and hands
 * authenticated requests to the transport with the caller's identity and address attached.
 * Nothing the client sends about itself (headers, body fields) decides who the caller is.
 */
export function mcpHttpFrontDoor(options: McpHttpFrontDoorOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const prmUrl = `${origin(options.resource)}${PRM_PATH}`;
  const prm = JSON.stringify({ resource: options.resource, authorization_servers: options.authorizationServers, scopes_supported: options.scopes, bearer_methods_supported: ["header"] });
  const maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024;

  return async (req, res) => {
    const t0 = Date.now();
    const started = new Date();
    const ip = callerIp(req, options.trustForwardedFor ?? false);
    const path = new URL(req.url ?? "/", "http://x").pathname;
    try {
      if (req.method === "GET" && (path === PRM_PATH || path.startsWith(`${PRM_PATH}/`))) {
        res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=3600" }).end(prm);
        return;
      }
      const raw = req.method === "POST" ? await readBody(req, maxBody) : Buffer.alloc(0);
      if (raw === "too-large") {
        res.writeHead(413, { "content-type": "application/json" }).end(JSON.stringify({ error: "request body too large" }));
        return;
      }
      let body: unknown;
      try {
        body = raw.length > 0 ? JSON.parse(raw.toString("utf8")) : undefined;
      } catch {
        body = undefined;
      }
      const header = req.headers.authorization;
      const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
      let auth: AuthInfo;
      try {
        auth = await options.validate(bearer);
      } catch (err) {
        const reason = err instanceof TokenRejected ? err.reason : "invalid";
        const status = reason === "client" || reason === "scope" ? 403 : 401;
        const code = status === 403 ? "insufficient_scope" : "invalid_token";
        const method = isRecord(body) && typeof body.method === "string" ? body.method : "auth";
        const record: McpAuditRecord = {
          TimeGenerated: started.toISOString(),
          ServerName: options.serverName,
          Operation: method,
          ResultType: "Denied",
          ErrorMessage: `${code}: token ${reason}`,
          HttpStatus: status,
          DurationMs: Date.now() - t0,
          RequestBytes: raw.length,
          ResponseBytes: 0,
          CallerIpAddress: ip,
          CorrelationId: randomUUID(),
          AuthMethod: bearer ? "oauth2" : "none",
          Transport: "streamable-http",
          Properties: {},
        };
        options.sink.add(record);
        res
          .writeHead(status, { "content-type": "application/json", "www-authenticate": `Bearer error="${code}", resource_metadata="${prmUrl}"` })
          .end(JSON.stringify({ error: code }));
        return;
      }
      const identity = auth.extra?.identity;
      const context: HttpCallContext = { identity: isIdentity(identity) ? identity : undefined, callerIp: ip };
      const authed = Object.assign(req, { auth: { ...auth, extra: { ...auth.extra, ...context } } });
      await options.handle(authed, res, body);
    } catch {
      // Whatever failed, the client learns nothing about the inside.
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: "internal error" }));
      else res.end();
    }
  };
}

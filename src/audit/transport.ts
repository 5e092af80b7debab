import { createHash, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import { isJSONRPCErrorResponse, isJSONRPCNotification, isJSONRPCRequest, isJSONRPCResultResponse, JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import { ERROR_MESSAGE_MAX_LENGTH, McpAuditRecord, ResultType } from "../schema/mcpServerLogs";
import { redactCredentials } from "../schema/redaction";
import { RateLimiter } from "./rateLimiter";
import { CallerIdentity } from "./tokens";
import { isIdentity, isRecord } from "./values";

/**
 * JSON-RPC 2.0 leaves -32000 to -32099 to the implementation (section 5.1); MCP defines no
 * rate-limit code, so the middleware answers throttled calls with this one.
 */
export const RATE_LIMITED = -32029;

/** Client errors whose standard message may reach the client; every other code gets a generic one. */
const CLIENT_ERRORS = new Set([-32700, -32600, -32601, -32602, -32002, RATE_LIMITED]);

/** What the HTTP front door learnt about the caller, carried to the transport in AuthInfo.extra. */
export interface HttpCallContext {
  identity?: CallerIdentity;
  callerIp?: string;
}

/** Where records go: an AuditSink, or anything that takes records without waiting. */
export interface RecordSink {
  add(record: McpAuditRecord): boolean;
}

export interface AuditOptions {
  sink: RecordSink;
  /** The logical server name the detections group by (as registered, not a URL). */
  serverName: string;
  /** The upstream URL or host this server or gateway calls, for the shadow-server detection. */
  serverEndpoint?: string;
  /** Salt for the session id hash: a per-deployment secret, so hashes cannot be reversed by guessing ids. */
  sessionSalt: string;
  /** Per-user rate limit; false turns it off. @default new RateLimiter() (100 per minute) */
  rateLimiter?: RateLimiter | false;
  /** Who calls over stdio, where there is no token (the local OS user, say). @default none */
  stdioIdentity?: CallerIdentity;
  /** Extra fields for Properties (gateway instance, region). Never secrets. @default {} */
  properties?: Record<string, unknown>;
}

interface Pending {
  startedAt: Date;
  t0: number;
  method: string;
  toolName?: string;
  resourceUri?: string;
  requestBytes: number;
  identity?: CallerIdentity;
  callerIp?: string;
  correlationId: string;
}

const bytes = (m: unknown): number => Buffer.byteLength(JSON.stringify(m) ?? "", "utf8");
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});

/** JSON with sorted keys, so the same tool set always hashes the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isRecord(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

/** SHA-256 over the sorted tool names, descriptions and input schemas (the schema's ToolsetHash). */
export function toolsetHash(tools: unknown[]): string {
  const parts = tools.map((t) => obj(t)).map((t) => canonical({ name: t.name, description: t.description, inputSchema: t.inputSchema })).sort();
  return createHash("sha256").update(parts.join("\n")).digest("hex");
}

/** The first line of a message, credentials cut, no stack frames: what a client or the table may see. */
function safeText(text: string): string {
  return redactCredentials(text.split(/\r?\n\s*at\s/)[0].split(/\r?\n/)[0]).slice(0, ERROR_MESSAGE_MAX_LENGTH);
}

/**
 * Wraps an MCP SDK transport (streamable HTTP or stdio) so that every JSON-RPC request and its
 * response become one MCPServerLogs_CL record, callers over the rate limit get a JSON-RPC error (and
 * a Throttled row), and error responses leave without stack traces or internal detail. Give the
 * wrapper to `server.connect()`; for streamable HTTP keep calling `handleRequest` on the inner transport.
 * Recording never throws into, or waits on, the call path.
 */
export class AuditedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  private readonly pending = new Map<string, Pending>();
  private readonly limiter: RateLimiter | undefined;
  private client: { name?: string; version?: string } = {};
  private protocolVersion: string | undefined;

  constructor(
    readonly inner: Transport,
    private readonly options: AuditOptions,
    private readonly kind: "streamable-http" | "stdio",
  ) {
    this.limiter = options.rateLimiter === false ? undefined : (options.rateLimiter ?? new RateLimiter());
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  async start(): Promise<void> {
    this.inner.onmessage = (message, extra) => this.receive(message, extra);
    this.inner.onerror = (e) => this.onerror?.(e);
    this.inner.onclose = () => {
      for (const [id, p] of this.pending) this.write(p, id, { result: "Failure", error: "connection closed before the response", code: undefined });
      this.pending.clear();
      this.onclose?.();
    };
    await this.inner.start();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    let outgoing = message;
    if ((isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) && message.id !== undefined) {
      const id = String(message.id);
      const p = this.pending.get(id);
      if (p) {
        this.pending.delete(id);
        outgoing = this.answered(p, id, message);
      }
    }
    await this.inner.send(outgoing, options);
  }

  private receive(message: JSONRPCMessage, extra?: MessageExtraInfo): void {
    if (isJSONRPCRequest(message)) {
      const id = String(message.id);
      const p = this.begin(message, extra);
      this.pending.set(id, p);
      const caller = this.kind === "stdio" ? "stdio" : p.identity?.objectId || p.callerIp || "anonymous";
      if (this.limiter && !this.limiter.take(caller)) {
        const retry = this.limiter.retryAfterSeconds(caller);
        void this.send({ jsonrpc: "2.0", id: message.id, error: { code: RATE_LIMITED, message: `Rate limit exceeded: ${this.limiter.limit} requests per minute; retry in ${retry} s` } }, { relatedRequestId: message.id }).catch((e: unknown) =>
          this.onerror?.(e instanceof Error ? e : new Error(String(e))),
        );
        return;
      }
    } else if (isJSONRPCNotification(message) && message.method === "notifications/cancelled") {
      const id = str(obj(message.params).requestId) ?? String(obj(message.params).requestId);
      const p = this.pending.get(id);
      if (p) {
        this.pending.delete(id);
        this.write(p, id, { result: "Failure", error: "cancelled by the client", code: undefined });
      }
    }
    this.onmessage?.(message, extra);
  }

  private begin(message: { method: string; params?: unknown }, extra?: MessageExtraInfo): Pending {
    const params = obj(message.params);
    if (message.method === "initialize") {
      const info = obj(params.clientInfo);
      this.client = { name: str(info.name), version: str(info.version) };
    }
    const carried = obj(extra?.authInfo?.extra);
    const context: HttpCallContext = { identity: isIdentity(carried.identity) ? carried.identity : undefined, callerIp: str(carried.callerIp) };
    const traceparent = str(extra?.requestInfo?.headers?.traceparent);
    return {
      startedAt: new Date(),
      t0: performance.now(),
      method: message.method,
      toolName: message.method === "tools/call" || message.method === "prompts/get" ? str(params.name) : undefined,
      resourceUri: message.method.startsWith("resources/") ? str(params.uri) : undefined,
      requestBytes: bytes(message),
      identity: this.kind === "stdio" ? this.options.stdioIdentity : context.identity,
      callerIp: context.callerIp,
      correlationId: traceparent?.split("-")[1] ?? randomUUID(),
    };
  }

  /** Records the outcome and returns the message as the client may see it. */
  private answered(p: Pending, id: string, message: JSONRPCMessage): JSONRPCMessage {
    if (isJSONRPCErrorResponse(message)) {
      const { code, message: text } = message.error;
      this.write(p, id, { result: code === RATE_LIMITED ? "Throttled" : "Failure", error: text, code }, bytes(message));
      const safe = CLIENT_ERRORS.has(code) ? safeText(text) : `Internal error (reference ${p.correlationId})`;
      return { jsonrpc: "2.0", id: message.id, error: { code, message: safe } };
    }
    if (!isJSONRPCResultResponse(message)) return message;
    const result = obj(message.result);
    const extra: Partial<McpAuditRecord> = {};
    if (p.method === "tools/list" && Array.isArray(result.tools)) {
      extra.ToolCount = result.tools.length;
      extra.ToolsetHash = toolsetHash(result.tools);
    }
    if (p.method === "initialize") this.protocolVersion = str(result.protocolVersion);
    const toolError = p.method === "tools/call" && result.isError === true;
    this.write(p, id, { result: toolError ? "ToolError" : "Success", error: undefined, code: undefined }, bytes(message), extra);
    if (!toolError || !Array.isArray(result.content)) return message;
    // A failing tool's text goes to the model: same rule as errors, no stack frames or credentials.
    const content = result.content.map((c) => (obj(c).type === "text" && typeof obj(c).text === "string" ? { ...obj(c), text: safeText(String(obj(c).text)) } : c));
    return { ...message, result: { ...result, content } };
  }

  private write(p: Pending, id: string, outcome: { result: ResultType; error: string | undefined; code: number | undefined }, responseBytes = 0, extra: Partial<McpAuditRecord> = {}): void {
    try {
      const session = this.inner.sessionId;
      const record: McpAuditRecord = {
        TimeGenerated: p.startedAt.toISOString(),
        ServerName: this.options.serverName,
        Operation: p.method,
        ResultType: outcome.result,
        ErrorMessage: outcome.error === undefined ? "" : safeText(outcome.error),
        User: p.identity?.user ?? "",
        UserObjectId: p.identity?.objectId ?? "",
        ClientAppId: p.identity?.clientAppId ?? "",
        ClientName: this.client.name ?? "",
        ClientVersion: this.client.version ?? "",
        ToolName: p.toolName ?? "",
        ResourceUri: p.resourceUri ?? "",
        SessionId: session === undefined ? "" : createHash("sha256").update(`${this.options.sessionSalt}:${session}`).digest("hex"),
        CorrelationId: p.correlationId,
        JsonRpcId: id,
        ...(this.kind === "streamable-http" ? { HttpStatus: 200 } : {}),
        ...(outcome.code === undefined ? {} : { JsonRpcErrorCode: outcome.code }),
        DurationMs: Math.round((performance.now() - p.t0) * 1000) / 1000,
        RequestBytes: p.requestBytes,
        ResponseBytes: responseBytes,
        CallerIpAddress: p.callerIp ?? "",
        ServerEndpoint: this.options.serverEndpoint ?? "",
        AuthMethod: p.identity ? (this.kind === "stdio" ? "none" : "oauth2") : "none",
        ProtocolVersion: this.protocolVersion ?? "",
        Transport: this.kind,
        ...extra,
        Properties: { ...this.options.properties },
      };
      this.options.sink.add(record);
    } catch (e) {
      this.onerror?.(e instanceof Error ? e : new Error(String(e)));
    }
  }
}

/** `server.connect(audited(transport, options))`: the transport kind is read from the instance. */
export function audited(transport: Transport, options: AuditOptions, kind?: "streamable-http" | "stdio"): AuditedTransport {
  const detected = kind ?? (transport.constructor.name === "StdioServerTransport" ? "stdio" : "streamable-http");
  return new AuditedTransport(transport, options, detected);
}

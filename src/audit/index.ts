/**
 * mcp-guard/audit: middleware for MCP servers and gateways built on the official TypeScript SDK that
 * writes every JSON-RPC call into MCPServerLogs_CL, rate-limits per user and keeps errors free of
 * internal detail. See the README's "Audit middleware" section for the dozen lines that adopt it.
 */
export { AuditSink, type AuditSinkOptions, type AuditSinkStats, type LogsUploader } from "./sink";
export { RateLimiter, type RateLimiterOptions } from "./rateLimiter";
export { createTokenValidator, entraEndpoints, identityOf, TokenRejected, type CallerIdentity, type TokenValidator, type TokenValidatorOptions } from "./tokens";
export { audited, AuditedTransport, RATE_LIMITED, toolsetHash, type AuditOptions, type HttpCallContext, type RecordSink } from "./transport";
export { mcpHttpFrontDoor, PRM_PATH, type McpHttpFrontDoorOptions } from "./http";

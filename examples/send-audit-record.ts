/**
 * How a gateway sends MCP audit records to the table mcp-guard provisions, with @azure/monitor-ingestion.
 *
 *   export LOGS_INGESTION_ENDPOINT=$(pulumi stack output logsIngestionEndpoint)
 *   export DCR_IMMUTABLE_ID=$(pulumi stack output dataCollectionRuleImmutableId)
 *   npx tsx examples/send-audit-record.ts
 *
 * It signs in with DefaultAzureCredential (the gateway's managed identity in Azure, your az login
 * locally); that identity needs Monitoring Metrics Publisher on the DCR (McpAuditLogs.grantIngestion
 * or the auditLogSenderPrincipalIds config key).
 */
import { createHash } from "node:crypto";
import { DefaultAzureCredential, TokenCredential } from "@azure/identity";
import { LogsIngestionClient, LogsIngestionClientOptions } from "@azure/monitor-ingestion";
import { auditRecordProblems, McpAuditRecord, MCP_SERVER_LOGS_STREAM, ResultType } from "../src/schema/mcpServerLogs";
import { redactCredentials } from "../src/schema/redaction";

/** What a gateway knows about one MCP call once it has answered it. */
export interface McpCall {
  startedAt: Date;
  serverName: string;
  method: string;
  result: ResultType;
  user: string;
  userObjectId: string;
  clientName?: string;
  toolName?: string;
  /** The Mcp-Session-Id header: stored only as a salted hash. */
  sessionId?: string;
  httpStatus: number;
  durationMs: number;
  error?: string;
}

/** Builds the record from the schema's columns: the session id hashed, the error redacted before it leaves the gateway. */
export function buildAuditRecord(call: McpCall, sessionSalt: string): McpAuditRecord {
  const record: McpAuditRecord = {
    TimeGenerated: call.startedAt.toISOString(),
    ServerName: call.serverName,
    Operation: call.method,
    ResultType: call.result,
    ErrorMessage: call.error === undefined ? "" : redactCredentials(call.error),
    User: call.user,
    UserObjectId: call.userObjectId,
    ClientName: call.clientName,
    ToolName: call.toolName,
    SessionId: call.sessionId === undefined ? undefined : createHash("sha256").update(`${sessionSalt}:${call.sessionId}`).digest("hex"),
    HttpStatus: call.httpStatus,
    DurationMs: call.durationMs,
  };
  const problems = auditRecordProblems(record);
  if (problems.length > 0) throw new Error(`bad audit record: ${problems.join("; ")}`);
  return record;
}

/** Sends records to the DCR's stream; the client batches, gzips and retries as the Logs Ingestion API expects. */
export async function sendAuditRecords(
  target: { endpoint: string; ruleId: string; credential: TokenCredential; clientOptions?: LogsIngestionClientOptions },
  records: McpAuditRecord[],
): Promise<void> {
  const client = new LogsIngestionClient(target.endpoint, target.credential, target.clientOptions);
  await client.upload(target.ruleId, MCP_SERVER_LOGS_STREAM, records);
}

async function main(): Promise<void> {
  const endpoint = process.env.LOGS_INGESTION_ENDPOINT;
  const ruleId = process.env.DCR_IMMUTABLE_ID;
  if (!endpoint || !ruleId) throw new Error("set LOGS_INGESTION_ENDPOINT and DCR_IMMUTABLE_ID from `pulumi stack output`");
  const record = buildAuditRecord(
    { startedAt: new Date(), serverName: "github", method: "tools/call", result: "Success", user: "dev@contoso.com", userObjectId: "00000000-0000-0000-0000-000000000000", toolName: "search_issues", httpStatus: 200, durationMs: 182 },
    process.env.SESSION_SALT ?? "example-salt",
  );
  await sendAuditRecords({ endpoint, ruleId, credential: new DefaultAzureCredential() }, [record]);
  process.stdout.write(`sent 1 record to ${MCP_SERVER_LOGS_STREAM}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}

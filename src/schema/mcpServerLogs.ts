/**
 * The MCP audit table, declared once. The Log Analytics table, the DCR stream declaration, the KQL
 * analyzer's schema, the docs and the record check all derive from MCP_SERVER_LOGS_COLUMNS, so they
 * cannot drift apart. Columns follow ../shared/reference/mcp-anchors.md section 2.2: the guide's six
 * first and unchanged, then what the research recommends. Raw tool arguments and results are never
 * columns: they carry credentials and personal data.
 */

/** Column types the Tables API accepts (`guid` is stored and queried as string). */
export const COLUMN_TYPES = ["string", "int", "long", "real", "boolean", "dateTime", "guid", "dynamic"] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ColumnDefinition {
  readonly name: string;
  readonly type: ColumnType;
  /** One line: what the emitter puts there. */
  readonly description: string;
  /** guide: the guide's columns; core: every emitter fills it; optional: filled where known. */
  readonly origin: "guide" | "core" | "optional";
}

export const MCP_SERVER_LOGS_TABLE = "MCPServerLogs_CL";
/** The function the guide's queries call: a saved search over the table. */
export const MCP_SERVER_LOGS_FUNCTION = "MCPServerLogs";
/** The function's body: the saved search's query, and what the KQL analyzer expands the function to. */
export const MCP_SERVER_LOGS_FUNCTION_BODY = "MCPServerLogs_CL";
/** The DCR stream: Custom- and the table name, as the Logs Ingestion API expects for a custom table. */
export const MCP_SERVER_LOGS_STREAM = `Custom-${MCP_SERVER_LOGS_TABLE}`;

export const RESULT_TYPES = ["Success", "Failure", "ToolError", "Denied", "Throttled"] as const;
export type ResultType = (typeof RESULT_TYPES)[number];

/** ErrorMessage is cut to this many characters before storage (the research suggests about 1 KB). */
export const ERROR_MESSAGE_MAX_LENGTH = 1024;

export const MCP_SERVER_LOGS_COLUMNS = [
  { name: "TimeGenerated", type: "dateTime", origin: "guide", description: "When the gateway received the request, UTC." },
  { name: "ServerName", type: "string", origin: "guide", description: "Logical MCP server name as registered in the gateway (not its URL)." },
  { name: "Operation", type: "string", origin: "guide", description: "JSON-RPC method (initialize, tools/list, tools/call, resources/read, prompts/get, ...) or a gateway event (auth, policy)." },
  { name: "ResultType", type: "string", origin: "guide", description: `Outcome: ${RESULT_TYPES.join(", ")}.` },
  { name: "ErrorMessage", type: "string", origin: "guide", description: `Error text, credential-shaped strings redacted and cut to ${ERROR_MESSAGE_MAX_LENGTH} characters at ingestion; empty on success.` },
  { name: "User", type: "string", origin: "guide", description: "UPN or email from the validated Entra token." },
  { name: "UserObjectId", type: "string", origin: "core", description: "Entra object id (oid) of the user: the stable key for joins with SigninLogs and Key Vault audit logs." },
  { name: "ClientAppId", type: "string", origin: "core", description: "OAuth client (azp/appid claim) that called: which assistant or editor." },
  { name: "ClientName", type: "string", origin: "core", description: "clientInfo.name from the MCP initialize request (Cursor, VS Code, ...)." },
  { name: "ClientVersion", type: "string", origin: "optional", description: "clientInfo.version from the MCP initialize request." },
  { name: "ToolName", type: "string", origin: "core", description: "Tool called by tools/call, or prompt name for prompts/get." },
  { name: "ResourceUri", type: "string", origin: "optional", description: "Resource URI for resources/* methods." },
  { name: "SessionId", type: "string", origin: "core", description: "Salted SHA-256 of the Mcp-Session-Id header, never the id itself." },
  { name: "CorrelationId", type: "string", origin: "core", description: "W3C trace id or gateway request id: the join key to gateway and server logs." },
  { name: "JsonRpcId", type: "string", origin: "optional", description: "JSON-RPC request id." },
  { name: "HttpStatus", type: "int", origin: "core", description: "HTTP status the gateway returned." },
  { name: "JsonRpcErrorCode", type: "int", origin: "core", description: "JSON-RPC error code (-32601, -32602, -32603, ...); empty on success." },
  { name: "DurationMs", type: "real", origin: "core", description: "Gateway-measured duration in milliseconds." },
  { name: "RequestBytes", type: "long", origin: "core", description: "Request body size in bytes." },
  { name: "ResponseBytes", type: "long", origin: "core", description: "Response body size in bytes (streamed responses: the sum)." },
  { name: "CallerIpAddress", type: "string", origin: "core", description: "Client address as the gateway saw it behind the private endpoint." },
  { name: "ServerEndpoint", type: "string", origin: "core", description: "Upstream URL or host the gateway called: spots unregistered (shadow) servers." },
  { name: "AuthMethod", type: "string", origin: "optional", description: "How the caller authenticated: oauth2, api_key or none." },
  { name: "ProtocolVersion", type: "string", origin: "optional", description: "MCP protocol version negotiated (for example 2025-11-25)." },
  { name: "Transport", type: "string", origin: "optional", description: "streamable-http, sse or stdio." },
  { name: "ToolCount", type: "int", origin: "optional", description: "Number of tools a tools/list returned." },
  { name: "ToolsetHash", type: "string", origin: "optional", description: "SHA-256 over the sorted tool names, descriptions and input schemas from tools/list: a changed value means a changed tool set." },
  { name: "Properties", type: "dynamic", origin: "core", description: "Redacted extension bag (policy id, deny reason, gateway instance, argument hash); never raw arguments or tokens." },
] as const satisfies readonly ColumnDefinition[];

type Columns = typeof MCP_SERVER_LOGS_COLUMNS;
type ColumnName = Columns[number]["name"];
type ValueOf<T extends ColumnType> = T extends "int" | "long" | "real" ? number : T extends "boolean" ? boolean : T extends "dynamic" ? Record<string, unknown> : string;
type ColumnOf<N extends ColumnName> = Extract<Columns[number], { name: N }>;

/** One audit record as a gateway sends it: every column optional but TimeGenerated, typed from the schema. */
export type McpAuditRecord = { [N in ColumnName]?: ValueOf<ColumnOf<N>["type"]> } & { TimeGenerated: string; ResultType?: ResultType };

/** The Tables API's `schema.columns`. */
export function tableColumns(): { name: string; type: ColumnType; description: string }[] {
  return MCP_SERVER_LOGS_COLUMNS.map((c) => ({ name: c.name, type: c.type, description: c.description }));
}

/** DCR stream column types: the DCR API spells dateTime `datetime` and has no guid type. */
const STREAM_TYPE: Record<ColumnType, "string" | "int" | "long" | "real" | "boolean" | "datetime" | "dynamic"> = {
  string: "string", int: "int", long: "long", real: "real", boolean: "boolean", dateTime: "datetime", guid: "string", dynamic: "dynamic",
};

/** The DCR's `streamDeclarations[MCP_SERVER_LOGS_STREAM].columns`. */
export function streamColumns(): { name: string; type: (typeof STREAM_TYPE)[ColumnType] }[] {
  return MCP_SERVER_LOGS_COLUMNS.map((c) => ({ name: c.name, type: STREAM_TYPE[c.type] }));
}

/** KQL scalar types as queries see the table's columns. */
export const KQL_TYPE: Record<ColumnType, string> = {
  string: "string", int: "int", long: "long", real: "real", boolean: "bool", dateTime: "datetime", guid: "string", dynamic: "dynamic",
};

/** The table's schema in KQL's `(Name:type, ...)` form, for the analyzer. */
export function kqlSchema(columns: readonly { name: string; type: ColumnType }[] = MCP_SERVER_LOGS_COLUMNS): string {
  return `(${columns.map((c) => `${c.name}:${KQL_TYPE[c.type]}`).join(", ")})`;
}

/** Names Log Analytics adds itself or reserves (create-custom-table and Logs Ingestion docs). */
export const RESERVED_COLUMN_NAMES = ["_ResourceId", "id", "_SubscriptionId", "TenantId", "Type", "UniqueId", "Title", "SourceSystem", "_BilledSize", "_IsBillable", "_ItemId", "_TimeReceived"];

/** Why a column name breaks the Tables API's rules, or undefined. */
export function columnNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,44}$/.test(name)) return `${JSON.stringify(name)} is not a valid column name; allowed a letter then up to 44 letters, digits or underscores`;
  if (RESERVED_COLUMN_NAMES.some((r) => r.toLowerCase() === name.toLowerCase())) return `${JSON.stringify(name)} is reserved by Log Analytics`;
  return undefined;
}

const JS_TYPE_CHECK: Record<ColumnType, (v: unknown) => boolean> = {
  string: (v) => typeof v === "string",
  guid: (v) => typeof v === "string",
  dateTime: (v) => typeof v === "string" && !Number.isNaN(Date.parse(v)),
  int: (v) => Number.isInteger(v) && Math.abs(Number(v)) < 2 ** 31,
  long: (v) => Number.isSafeInteger(v),
  real: (v) => typeof v === "number" && Number.isFinite(v),
  boolean: (v) => typeof v === "boolean",
  dynamic: (v) => typeof v === "object" && v !== null,
};

/**
 * What is wrong with a record before it is sent: unknown fields (the DCR drops them silently), values of
 * the wrong type (stored as empty), a ResultType outside the enum, or no TimeGenerated.
 */
export function auditRecordProblems(record: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const byName = new Map<string, ColumnDefinition>(MCP_SERVER_LOGS_COLUMNS.map((c) => [c.name, c]));
  for (const [key, value] of Object.entries(record)) {
    const column = byName.get(key);
    if (!column) problems.push(`${key}: not a column of ${MCP_SERVER_LOGS_TABLE}; put extra fields in Properties`);
    else if (value !== undefined && value !== null && !JS_TYPE_CHECK[column.type](value)) problems.push(`${key}: ${JSON.stringify(value)} is not a ${column.type}`);
  }
  if (record.TimeGenerated === undefined) problems.push("TimeGenerated: is required");
  const result = record.ResultType;
  if (result !== undefined && !RESULT_TYPES.some((r) => r === result)) problems.push(`ResultType: ${JSON.stringify(result)} is not allowed; allowed ${RESULT_TYPES.join(", ")}`);
  return problems;
}

/** The docs page for the table, generated so it always matches the columns (scripts/generate-docs.ts). */
export function schemaMarkdown(): string {
  return [
    `# ${MCP_SERVER_LOGS_TABLE}`,
    "",
    `Generated from src/schema/mcpServerLogs.ts by \`npm run docs\`; do not edit by hand.`,
    "",
    `Gateways send records to the DCR stream \`${MCP_SERVER_LOGS_STREAM}\`; queries read the table directly or through the \`${MCP_SERVER_LOGS_FUNCTION}\` function.`,
    `Raw tool arguments and results are never columns: put a hash or a length in Properties if you need one.`,
    "",
    "| column | type | origin | description |",
    "|---|---|---|---|",
    ...MCP_SERVER_LOGS_COLUMNS.map((c) => `| ${c.name} | ${c.type} | ${c.origin} | ${c.description} |`),
    "",
  ].join("\n");
}

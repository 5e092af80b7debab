import { ColumnType } from "./mcpServerLogs";

/**
 * The columns of AZKVAuditLogs that mcp-guard's queries read: the resource-specific table Key Vault's
 * audit log lands in, because the vault's diagnostic setting uses the Dedicated destination type.
 * Source: Azure Monitor Logs reference, tables/azkvauditlogs. Declared for the KQL analyzer only;
 * Azure owns the table.
 */
export const KEY_VAULT_AUDIT_TABLE = "AZKVAuditLogs";

/**
 * Tables Azure creates in the workspace when a resource's diagnostics first deliver (AZKVAuditLogs after
 * the vault's first audited call), not mcp-guard: a query over one cannot be validated when an alert
 * rule is saved into a new workspace.
 */
export const AZURE_OWNED_TABLES: readonly string[] = [KEY_VAULT_AUDIT_TABLE];

export const KEY_VAULT_AUDIT_COLUMNS: readonly { name: string; type: ColumnType }[] = [
  { name: "TimeGenerated", type: "dateTime" },
  { name: "OperationName", type: "string" },
  { name: "OperationVersion", type: "string" },
  { name: "ResultType", type: "string" },
  { name: "ResultSignature", type: "string" },
  { name: "ResultDescription", type: "string" },
  { name: "HttpStatusCode", type: "int" },
  { name: "DurationMs", type: "int" },
  { name: "CallerIpAddress", type: "string" },
  { name: "ClientInfo", type: "string" },
  { name: "CorrelationId", type: "string" },
  { name: "Identity", type: "dynamic" },
  { name: "Id", type: "string" },
  { name: "RequestUri", type: "string" },
  { name: "_ResourceId", type: "string" },
];

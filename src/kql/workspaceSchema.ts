import { MCP_SERVER_LOGS_COLUMNS, MCP_SERVER_LOGS_FUNCTION, MCP_SERVER_LOGS_FUNCTION_BODY, MCP_SERVER_LOGS_TABLE } from "../schema/mcpServerLogs";
import { KEY_VAULT_AUDIT_COLUMNS, KEY_VAULT_AUDIT_TABLE } from "../schema/keyVaultAuditLogs";
import type { KqlSchema } from "./analysisCache";
import { KqlFunction, KqlGlobals, kqlGlobals, KqlTable } from "./kusto";

/** The tables queries and alerts may read, declared from the same definitions that create them. */
export const WORKSPACE_TABLES: readonly KqlTable[] = [
  { name: MCP_SERVER_LOGS_TABLE, columns: MCP_SERVER_LOGS_COLUMNS },
  { name: KEY_VAULT_AUDIT_TABLE, columns: KEY_VAULT_AUDIT_COLUMNS },
];

/** The workspace functions mcp-guard deploys as saved searches. */
export const WORKSPACE_FUNCTIONS: readonly KqlFunction[] = [{ name: MCP_SERVER_LOGS_FUNCTION, parameters: "()", body: MCP_SERVER_LOGS_FUNCTION_BODY }];

/** The workspace's tables and functions, as the analysis cache keys them. */
export const WORKSPACE_SCHEMA: KqlSchema = { tables: WORKSPACE_TABLES, functions: WORKSPACE_FUNCTIONS };

let globals: KqlGlobals | undefined;

/** The analyzer's view of the audit workspace, built once per process. */
export function workspaceGlobals(): KqlGlobals {
  globals ??= kqlGlobals(WORKSPACE_TABLES, WORKSPACE_FUNCTIONS);
  return globals;
}

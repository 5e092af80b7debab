/**
 * mcp-guard's public API: the components, their argument types, the loaders for the query catalog and
 * the alert definitions, and the policy rules. Importing this module registers no resource and starts
 * no server; only constructing a component (inside a Pulumi program) does.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export { McpGovernanceBaseline, McpGovernanceBaselineArgs } from "./components/baseline";
export { McpSecretsVault, McpSecretsVaultArgs, SecretCatalogEntry } from "./components/secretsVault";
export { McpAuditLogs, McpAuditLogsArgs, PublicAccessArgs } from "./components/auditLogs";
export { McpSavedQueries, McpSavedQueriesArgs, WorkbookArgs } from "./components/savedQueries";
export { McpAlerts, McpAlertsArgs, AlertRuleArgs, AlertActionGroupsArgs, alertRuleArgs } from "./components/alerts";
export { McpGatewayHost, McpGatewayHostArgs, GATEWAY_PLAN_SKUS, GatewayPlanSku, GatewayPlanArgs, GatewayVaultArgs, GatewayAuditArgs } from "./components/gatewayHost";
export { McpPrivateNetwork, McpPrivateNetworkArgs, NewNetworkArgs, NewNetworkNames, ExistingNetworkArgs } from "./components/privateNetwork";
export { PrivateLinkGroup } from "./privateLink";
export { McpSecurityActionGroup, McpSecurityActionGroupArgs } from "./components/securityActionGroup";
export { DiagnosticsArgs, LockArgs, PrivateEndpointArgs, RoleAssignmentArgs } from "./components/shared";
export { parseConfig, McpGuardConfig, ConfigError } from "./config";
export { InputError } from "./errors";
export { loadQueryCatalog, CatalogQuery } from "./kql/catalog";
export { loadCheckedAlerts } from "./kql/alertLint";
export { AlertDefinition } from "./kql/alerts";
export { MCP_SERVER_LOGS_COLUMNS, MCP_SERVER_LOGS_STREAM, MCP_SERVER_LOGS_TABLE, McpAuditRecord, auditRecordProblems } from "./schema/mcpServerLogs";
export { redactCredentials } from "./schema/redaction";
export { ALL_RULES } from "./policy/rules";
export { STACK_RULES } from "./policy/stackRules";
export { evaluate, blocking } from "./policy/runner";
export { PolicyRule, Violation } from "./policy/types";
export { exceptionTag } from "./policyExceptions";
export { DetectionApprovals } from "./kql/parameters";
export { loadRegistry, requireRegistry, approvedFor, McpRegistry } from "./registry/load";
export { McpServerEntry, ServerFile, REVIEW_CHECKLIST } from "./registry/schema";
export { checkRegistry, REGISTRY_CHECKS, RegistryFinding } from "./registry/checks";
export { detectionApprovals, registryForConfig, stackRegistry, StackRegistry } from "./registry/stack";

/** The package root, found upwards from this file: src/ when run from source, dist/src/ when built. */
function packageRoot(dir: string): string {
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) if (fs.existsSync(path.join(d, "package.json")) && fs.existsSync(path.join(d, "queries"))) return d;
  throw new Error(`mcp-guard: no package root above ${dir}`);
}

/** The package's own catalog and alert directories, for stacks that deploy mcp-guard's queries and alerts. */
export const PACKAGE_QUERIES_DIR = path.join(packageRoot(__dirname), "queries");
export const PACKAGE_ALERTS_DIR = path.join(packageRoot(__dirname), "alerts");

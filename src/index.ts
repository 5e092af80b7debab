/**
 * mcp-guard's public API: the components, their argument types, the loaders for the query catalog and
 * the alert definitions, and the policy rules. Importing this module registers no resource and starts
 * no server; only constructing a component (inside a Pulumi program) does.
 */
export { McpGovernanceBaseline, McpGovernanceBaselineArgs, checkBaselineArgs, CheckedBaseline } from "./components/baseline";
export { McpBaselineConfig, McpBaselineSecret, McpBaselineWebhook, McpBaselineLogicApp, McpBaselineClientApps, GatewayClientAuth } from "./components/baselineConfig";
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
export { Environment } from "./naming";
export { PACKAGE_ALERTS_DIR, PACKAGE_QUERIES_DIR, PACKAGE_SERVERS_DIR } from "./packageDirs";
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

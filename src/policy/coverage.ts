import { CHECKLIST, ChecklistRow } from "./checklist";
import { ALL_RULES } from "./rules";
import { STACK_RULES } from "./stackRules";

/**
 * How each checklist row without a rule of its own id is handled: by another rule, by a check outside
 * the policy rules, or not at all, and why. docs/policy.md is generated from this and the rules.
 */
export const OTHERWISE: Record<string, string> = {
  "KV-09": "held by construction: the baseline gives the vault a private endpoint in the gateway network (gatewayHost.test.ts); PE-01 checks its group, PE-02 its DNS zone group",
  "KV-13": "enforced in stack config validation: a secret's expiry must lie within its rotation period (src/config.ts)",
  "KV-17": "not applicable: Defender for Key Vault is a subscription-wide pricing plan, not a property of this stack; enable it at the subscription",
  "KV-18": "LOCK-01 checks the locks; prod locks the vault (secretsVault.test.ts)",
  "LAW-04": "AMPLS-05: a workspace that refuses public ingestion must be in a private link scope",
  "LAW-05": "config: retention per environment (dev 30, staging 90, prod 365 days) with the audit table's total retention explicit (TBL-06); dev's 30 days are deliberate",
  "LAW-08": "not applicable: conditional on a customer-managed-key programme with linked storage, which mcp-guard does not provision",
  "LAW-10": "not applied: workspace replication doubles ingestion cost; a choice for the operator, not a default",
  "LAW-12": "LOCK-01 checks the locks; prod locks the workspace (auditLogs.test.ts)",
  "TBL-07": "not checkable from inputs: the table and column names are fixed by src/schema/mcpServerLogs.ts and carry no tenant or customer identifiers",
  "TBL-08": "not applied: readers get Log Analytics Reader on the workspace through roleAssignments; table-level RBAC is left to the operator",
  "SS-04": "the alert lint refuses any alert query that calls the MCPServerLogs function, at every frequency (src/kql/alertLint.ts)",
  "SS-05": "the MCPServerLogs function has no relative time; it is the table as is",
  "SS-06": "not expressible: azure-native's SavedSearch has no etag input; Pulumi's create-or-update is idempotent",
  "DCE-01": "deliberate: mcp-guard always deploys a DCE so the same pipeline goes private in prod (DCE-02, AMPLS-05)",
  "DCE-03": "AMPLS-05: a DCE that refuses public access must be in a private link scope",
  "DCE-04": "DCR-06 checks the DCE's region against the workspace's",
  "DCR-01": "not applied: azure-native 3.x uses DCR API 2022-06-01, where kind Direct does not exist; the DCE supplies the ingestion endpoint",
  "DCR-08": "DIAG-05 checks the DCR's diagnostic setting",
  "DCR-09": "client side: the gateway's code; examples/send-audit-record.ts requests the https://monitor.azure.com audience and its test asserts it",
  "SQR-10": "the alert schema takes failingPeriods; the lint requires a datetime column when more than one period is evaluated",
  "SQR-11": "not applied: dynamic thresholds are preview-only and need days of history; the anomaly alert uses series_decompose_anomalies instead",
  "SQR-12": "not applicable: conditional on a customer-managed-key policy for log alerts",
  "SQR-13": "every alert file states its severity and what to do when it fires (README alert table)",
  "SQR-14": "TBL-05: the audit table the alerts read is on the Analytics plan",
  "SQR-15": "the alert lint refuses rule properties over 64 KB",
  "AG-07": "not applicable: mcp-guard's Logic App receivers use callback URLs; managed identity for actions is preview",
  "AG-08": "LOCK-01 checks the locks; prod locks the action groups",
  "DIAG-03": "not applicable: the gateway runs on App Service (option A), not Container Apps",
  "DIAG-06": "the NSGs send their logs to the audit workspace (McpPrivateNetwork diagnostics); DIAG-07 checks the destination",
  "AMPLS-03": "PE-01 checks the azuremonitor group, PE-02 the zone group; the five zones come from src/privateLink.ts (gatewayHost.test.ts)",
  "AMPLS-04": "topology: one scope per stack by construction; stacks that share DNS bring the hub's zones (existingPrivateDnsZoneIds)",
  "NET-02": "both subnets set defaultOutboundAccess: false (gatewayHost.test.ts); egress goes through the NAT gateway",
  "NET-05": "not applicable: the gateway runs on App Service, not Container Apps",
  "NET-06": "not applied: the VNet uses Azure DNS; custom DNS is a hub decision",
  "NET-07": "not applied: VNet flow logs need a Network Watcher and storage the stack does not own",
  "NSG-03": "held by construction: the private-endpoint NSG allows 443 only from the integration subnet and networkClientRanges (gatewayHost.test.ts); a generic rule cannot know which sources are the gateway's",
  "NSG-04": "the integration NSG denies SSH and RDP to the VNet (gatewayHost.test.ts)",
  "NSG-05": "the NSGs' deny rules sit at priority 4000 and above, after the allows",
  "NSG-06": "held by construction: each NSG is attached to its subnet in the same VNet definition (NET-01)",
  "NSG-07": "see DIAG-06",
  "PE-05": "not checkable from inputs: approval is runtime state; endpoints to resources of the same subscription are approved automatically",
  "PE-06": "topology across VNets; stacks that share DNS bring the hub's zones (existingPrivateDnsZoneIds)",
  "PE-07": "names are derived (src/naming.ts) and stay within limits",
  "APP-03": "the gateway sets scmMinTlsVersion 1.3 (gatewayHost.test.ts)",
  "APP-13": "outboundVnetRouting routes image pull, content share and backups through the VNet (gatewayHost.test.ts)",
  "APP-16": "the gateway sets http20Enabled (gatewayHost.test.ts)",
  "APP-17": "not applied: SSH into custom containers needs the image's own sshd; the placeholder and gateway images expose none",
  "APP-18": "the gateway sets endToEndEncryptionEnabled (gatewayHost.test.ts)",
  "APP-19": "not applied: autoGeneratedDomainNameLabelScope is creation-only and changes the host name clients use",
  "APP-21": "config: prod runs P1v3 with two instances",
  "APP-22": "not applicable: Defender for App Service is a subscription-wide pricing plan",
  "APP-23": "DIAG-02 checks the gateway's diagnostic setting",
};

const ACA = /^ACA-/;

export type RowStatus = { row: ChecklistRow; rules: string[] } | { row: ChecklistRow; otherwise: string };

/** Every checklist row with the rules that implement it, or how it is otherwise handled. */
export function coverage(): RowStatus[] {
  const ids = new Set([...ALL_RULES, ...STACK_RULES].map((r) => r.id));
  return CHECKLIST.map((row) => {
    if (ids.has(row.id)) return { row, rules: [row.id] };
    const reason = OTHERWISE[row.id] ?? (ACA.test(row.id) ? "not applicable: the gateway runs on App Service (option A), not Container Apps" : undefined);
    return reason === undefined ? { row, rules: [] } : { row, otherwise: reason };
  });
}

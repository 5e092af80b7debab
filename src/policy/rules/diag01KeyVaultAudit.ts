import { collects } from "../diagnosticCategories";
import { PolicyRule } from "../types";

export const diag01KeyVaultAudit: PolicyRule = {
  id: "DIAG-01",
  title: "Key Vault diagnostic settings collect the audit log",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Add a diagnostic setting on the vault with the audit category group (or AuditEvent) to the audit workspace.",
  resourceTypes: ["azure-native:monitor:DiagnosticSetting"],
  check: ({ inputs }) =>
    collects(inputs, /\/providers\/microsoft\.keyvault\/vaults\/[^/]+$/i, { groups: ["audit", "allLogs"], categories: ["AuditEvent"] }) === false
      ? ["logs collect no audit events; enable the audit (or allLogs) category group, or the AuditEvent category, so every secret read is recorded"]
      : [],
};

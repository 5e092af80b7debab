import { ofType, pointingAt, StackRule } from "../stack";

export const kv10VaultAuditLogs: StackRule = {
  id: "KV-10",
  title: "Every Key Vault sends its audit log to a Log Analytics workspace",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Add a diagnostic setting on the vault that sends its audit log to a Log Analytics workspace (the baseline does).",
  resourceTypes: ["azure-native:keyvault:Vault", "azure-native:monitor:DiagnosticSetting"],
  check: (resources) => {
    const settings = ofType(resources, "azure-native:monitor:DiagnosticSetting");
    return ofType(resources, "azure-native:keyvault:Vault")
      .filter((v) => !pointingAt(settings, v, "resourceUri").some((d) => typeof d.inputs.workspaceId !== "undefined"))
      .map((v) => ({ urn: v.urn, message: "has no diagnostic setting sending its audit log to a workspace; every secret read must be recorded" }));
  },
};

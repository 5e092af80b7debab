import { entries } from "../inputs";
import { PolicyRule } from "../types";

export const diag08NoLegacyRetention: PolicyRule = {
  id: "DIAG-08",
  title: "Diagnostic settings leave retention to the workspace (no legacy retentionPolicy)",
  enforcement: "advisory",
  severity: "low",
  remediation: "Remove retentionPolicy from the diagnostic setting's categories; the workspace's retention applies.",
  resourceTypes: ["azure-native:monitor:DiagnosticSetting"],
  check: ({ inputs }) =>
    ["logs", "metrics"].flatMap((key) =>
      entries(inputs, key).flatMap((e) => (e.get("retentionPolicy") === undefined ? [] : [`${key}[${e.index}].retentionPolicy is set; remove it (deprecated) and keep retention on the workspace and table`])),
    ),
};

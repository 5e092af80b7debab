import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const diag08NoLegacyRetention: PolicyRule = {
  id: "DIAG-08",
  title: "Diagnostic settings leave retention to the workspace (no legacy retentionPolicy)",
  severity: "advisory",
  resourceTypes: ["azure-native:monitor:DiagnosticSetting"],
  check: ({ inputs }) =>
    ["logs", "metrics"].flatMap((key) => {
      const entries = at(inputs, key);
      if (entries === UNKNOWABLE) return [];
      return list(entries).flatMap((e, i) =>
        at({ e }, "e.retentionPolicy") === undefined ? [] : [`${key}[${i}].retentionPolicy is set; remove it (deprecated) and keep retention on the workspace and table`],
      );
    }),
};

import { nameProblem } from "../../naming";
import { propertyRule } from "../inputs";

export const law11WorkspaceName = propertyRule({
  id: "LAW-11",
  title: "Log Analytics workspace name follows Azure's rules (4-63 letters, digits, hyphens)",
  enforcement: "advisory",
  severity: "low",
  remediation: "Rename the workspace: 4 to 63 letters, digits and hyphens, starting and ending with a letter or digit.",
  resourceTypes: ["azure-native:operationalinsights:Workspace"],
  path: "workspaceName",
  ok: (v) => typeof v === "string" && nameProblem("logAnalyticsWorkspace", v) === undefined,
  message: (v) => `workspaceName: ${typeof v === "string" ? nameProblem("logAnalyticsWorkspace", v) : "unset"}`,
});

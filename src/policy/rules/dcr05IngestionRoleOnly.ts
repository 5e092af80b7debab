import { BUILT_IN_ROLES } from "../../roles";
import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

const DCR_SCOPE = /\/providers\/microsoft\.insights\/datacollectionrules\/[^/]+$/i;

/** Whoever may write to the DCR can forge audit records: grant Monitoring Metrics Publisher and nothing else. */
export const dcr05IngestionRoleOnly: PolicyRule = {
  id: "DCR-05",
  title: "Role assignments on a data collection rule grant only Monitoring Metrics Publisher",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Grant only Monitoring Metrics Publisher on the rule (grantIngestion); remove broader roles.",
  resourceTypes: ["azure-native:authorization:RoleAssignment"],
  check: ({ inputs }) => {
    const scope = at(inputs, "scope");
    const role = at(inputs, "roleDefinitionId");
    if (scope === UNKNOWABLE || role === UNKNOWABLE || typeof scope !== "string" || !DCR_SCOPE.test(scope)) return [];
    return typeof role === "string" && role.toLowerCase().endsWith(BUILT_IN_ROLES["Monitoring Metrics Publisher"])
      ? []
      : [`roleDefinitionId ${JSON.stringify(role ?? "unset")} on a data collection rule; grant only Monitoring Metrics Publisher, to the identity that sends audit records`];
  },
};

import { BUILT_IN_ROLES } from "../../roles";
import { propertyRule } from "../inputs";

export const kv15NoKeyVaultAdministrator = propertyRule({
  id: "KV-15",
  title: "No one is granted Key Vault Administrator; workloads get Key Vault Secrets User",
  enforcement: "mandatory",
  severity: "critical",
  remediation: "Replace Key Vault Administrator with Key Vault Secrets User for workloads (grantSecretRead) and Key Vault Secrets Officer for operators.",
  resourceTypes: ["azure-native:authorization:RoleAssignment"],
  path: "roleDefinitionId",
  ok: (v) => typeof v !== "string" || !v.toLowerCase().endsWith(BUILT_IN_ROLES["Key Vault Administrator"]),
  message: () => "roleDefinitionId is Key Vault Administrator; grant Key Vault Secrets User to workloads and Key Vault Secrets Officer to operators",
});

import { at, shown, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

/** Both switches: platform.enabled turns App Service Authentication on, requireAuthentication makes it refuse anonymous calls. */
export const app15EdgeAuthRequired: PolicyRule = {
  id: "APP-15",
  title: "App Service Authentication requires an Entra token on every request to the gateway",
  enforcement: "mandatory",
  severity: "critical",
  remediation: "Give McpGatewayHost an edgeAuth (App Service Authentication with Entra ID): platform.enabled and globalValidation.requireAuthentication true.",
  resourceTypes: ["azure-native:web:WebAppAuthSettingsV2WithoutSecrets", "azure-native:web:WebAppAuthSettingsV2"],
  check: ({ inputs }) => {
    const problems: string[] = [];
    const enabled = at(inputs, "platform.enabled");
    if (enabled !== UNKNOWABLE && enabled !== true) problems.push(`platform.enabled is ${shown(enabled)}; set it to true so App Service Authentication runs in front of the gateway`);
    const required = at(inputs, "globalValidation.requireAuthentication");
    if (required !== UNKNOWABLE && required !== true) problems.push(`globalValidation.requireAuthentication is ${shown(required)}; set it to true: anyone on the private network could otherwise call the MCP gateway`);
    return problems;
  },
};

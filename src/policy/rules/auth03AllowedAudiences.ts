import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const auth03AllowedAudiences: PolicyRule = {
  id: "AUTH-03",
  title: "The edge accepts only tokens issued for the gateway (allowed audiences set)",
  enforcement: "mandatory",
  severity: "high",
  remediation: "List the gateway's client id and Application ID URI in identityProviders.azureActiveDirectory.validation.allowedAudiences.",
  resourceTypes: ["azure-native:web:WebAppAuthSettingsV2WithoutSecrets", "azure-native:web:WebAppAuthSettingsV2"],
  check: ({ inputs }) => {
    const audiences = at(inputs, "identityProviders.azureActiveDirectory.validation.allowedAudiences");
    if (audiences === UNKNOWABLE) return [];
    return list(audiences).filter((a) => typeof a === "string" && a.trim() !== "").length > 0
      ? []
      : ["identityProviders.azureActiveDirectory.validation.allowedAudiences is empty; list the gateway's client id and Application ID URI so tokens for other APIs are refused"];
  },
};

import { propertyRule, shown } from "../inputs";

export const auth02NoTokenStore = propertyRule({
  id: "AUTH-02",
  title: "The gateway's edge keeps no token store",
  enforcement: "mandatory",
  severity: "medium",
  remediation: "Set login.tokenStore.enabled: false; the gateway never needs the users' tokens.",
  resourceTypes: ["azure-native:web:WebAppAuthSettingsV2WithoutSecrets", "azure-native:web:WebAppAuthSettingsV2"],
  path: "login.tokenStore.enabled",
  ok: (v) => v === false,
  message: (v) => `login.tokenStore.enabled is ${shown(v)}; set it to false: the gateway never forwards users' tokens, so storing them only widens what a compromise leaks`,
});

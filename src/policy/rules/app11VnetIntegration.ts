import { propertyRule } from "../inputs";

export const app11VnetIntegration = propertyRule({
  id: "APP-11",
  title: "The gateway app is integrated into a VNet subnet",
  severity: "mandatory",
  resourceTypes: ["azure-native:web:WebApp"],
  path: "virtualNetworkSubnetId",
  ok: (v) => typeof v === "string" && v.length > 0,
  message: () => "virtualNetworkSubnetId is unset; integrate the app with a delegated subnet so it reaches Key Vault and Azure Monitor privately",
});

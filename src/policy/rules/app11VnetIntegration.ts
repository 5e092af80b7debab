import { propertyRule } from "../inputs";

export const app11VnetIntegration = propertyRule({
  id: "APP-11",
  title: "The gateway app is integrated into a VNet subnet",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Integrate the app into the gateway network's integration subnet (virtualNetworkSubnetId).",
  resourceTypes: ["azure-native:web:WebApp"],
  path: "virtualNetworkSubnetId",
  ok: (v) => typeof v === "string" && v.length > 0,
  message: () => "virtualNetworkSubnetId is unset; integrate the app with a delegated subnet so it reaches Key Vault and Azure Monitor privately",
});

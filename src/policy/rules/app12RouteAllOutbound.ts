import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const app12RouteAllOutbound: PolicyRule = {
  id: "APP-12",
  title: "All the gateway's outbound traffic goes through the VNet",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Set siteConfig.vnetRouteAllEnabled (outboundVnetRouting.allTraffic) so all outbound traffic goes through the VNet and its NAT.",
  resourceTypes: ["azure-native:web:WebApp"],
  check: ({ inputs }) => {
    const all = at(inputs, "outboundVnetRouting.allTraffic");
    const legacy = at(inputs, "siteConfig.vnetRouteAllEnabled");
    if (all === UNKNOWABLE || legacy === UNKNOWABLE || all === true || legacy === true) return [];
    return ["outboundVnetRouting.allTraffic is not true; route all outbound traffic through the VNet (Linux apps need it for Key Vault references over private endpoints)"];
  },
};

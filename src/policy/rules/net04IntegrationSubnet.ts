import { parseCidr } from "../../cidr";
import { subnetsOf } from "../subnets";
import { list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const net04IntegrationSubnet: PolicyRule = {
  id: "NET-04",
  title: "App Service integration subnets are delegated and sized for scale-out (/27 or larger)",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Delegate the integration subnet to Microsoft.Web/serverFarms and size it /27 or larger.",
  resourceTypes: ["azure-native:network:VirtualNetwork"],
  check: ({ inputs }) =>
    subnetsOf(inputs)
      .filter((s) => list(s.get("delegations")).some((d) => typeof d === "object" && d !== null && "serviceName" in d && d.serviceName === "Microsoft.Web/serverFarms"))
      .flatMap((s) => {
        const prefix = s.get("addressPrefix");
        if (prefix === UNKNOWABLE || typeof prefix !== "string") return [];
        const cidr = parseCidr(prefix);
        return cidr && cidr.prefix <= 27 ? [] : [`subnets[${s.index}] (${s.name}) is ${prefix}; an App Service integration subnet needs /27 or larger (/26 recommended)`];
      }),
};

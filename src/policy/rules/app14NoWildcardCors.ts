import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const app14NoWildcardCors: PolicyRule = {
  id: "APP-14",
  title: "The gateway app's CORS never allows every origin",
  enforcement: "mandatory",
  severity: "high",
  remediation: "List the allowed origins in siteConfig.cors.allowedOrigins; never \"*\".",
  resourceTypes: ["azure-native:web:WebApp"],
  check: ({ inputs }) => {
    const origins = at(inputs, "siteConfig.cors.allowedOrigins");
    return origins !== UNKNOWABLE && list(origins).includes("*") ? ["siteConfig.cors.allowedOrigins contains \"*\"; list the origins that may call the gateway"] : [];
  },
};

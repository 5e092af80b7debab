import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

const REQUIRED = ["environment", "workload", "managed-by"];

/** Who owns a resource and which stack manages it must be readable in Azure, not only in this repository. */
export const tag01OwnershipTags: PolicyRule = {
  id: "TAG-01",
  title: "Resources carry environment, workload and managed-by tags",
  enforcement: "advisory",
  severity: "low",
  remediation: "Tag the resource with environment, workload and managed-by (the components do; pass tags to add more).",
  resourceTypes: [
    "azure-native:resources:ResourceGroup",
    "azure-native:network:NatGateway",
    "azure-native:network:PublicIPAddress",
    "azure-native:applicationinsights:Workbook",
    "azure-native:operationalinsights:QueryPack",
    "azure-native:eventgrid:SystemTopic",
    "azure-native:keyvault:Vault",
    "azure-native:operationalinsights:Workspace",
    "azure-native:web:WebApp",
  ],
  check: ({ inputs }) => {
    const tags = at(inputs, "tags");
    if (tags === UNKNOWABLE) return [];
    const missing = REQUIRED.filter((t) => typeof at(inputs, `tags.${t}`) !== "string");
    return missing.length > 0 ? [`tags lack ${missing.join(", ")}; tag every resource with its environment, workload and managing stack`] : [];
  },
};

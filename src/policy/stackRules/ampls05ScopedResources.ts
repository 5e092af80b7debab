import { ofType, pointingAt, StackRule } from "../stack";

/** A private workspace or DCE outside the scope cannot be reached at all: ingestion would silently stop. */
export const ampls05ScopedResources: StackRule = {
  id: "AMPLS-05",
  title: "Workspaces and data collection endpoints that refuse public traffic are in a private link scope",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Add the workspace and the data collection endpoint to the private link scope with scoped resources.",
  resourceTypes: ["azure-native:monitor:PrivateLinkScopedResource", "azure-native:operationalinsights:Workspace", "azure-native:monitor:DataCollectionEndpoint"],
  check: (resources) => {
    const links = ofType(resources, "azure-native:monitor:PrivateLinkScopedResource");
    const privateOnes = [
      ...ofType(resources, "azure-native:operationalinsights:Workspace").filter((w) => w.inputs.publicNetworkAccessForIngestion === "Disabled"),
      ...ofType(resources, "azure-native:monitor:DataCollectionEndpoint").filter((e) => typeof e.inputs.networkAcls === "object" && e.inputs.networkAcls !== null && "publicNetworkAccess" in e.inputs.networkAcls && e.inputs.networkAcls.publicNetworkAccess === "Disabled"),
    ];
    return privateOnes
      .filter((r) => pointingAt(links, r, "linkedResourceId").length === 0)
      .map((r) => ({ urn: r.urn, message: "refuses public traffic but is in no private link scope (scopedResources); nothing could reach it" }));
  },
};

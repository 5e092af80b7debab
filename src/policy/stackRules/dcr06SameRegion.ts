import { ofType, pointsAt, StackRule } from "../stack";

export const dcr06SameRegion: StackRule = {
  id: "DCR-06",
  title: "Data collection rules and endpoints are in their workspace's region",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Deploy the data collection rule and endpoint in the workspace's region.",
  resourceTypes: ["azure-native:monitor:DataCollectionRule", "azure-native:monitor:DataCollectionEndpoint"],
  check: (resources) => {
    const workspaces = ofType(resources, "azure-native:operationalinsights:Workspace");
    const endpoints = ofType(resources, "azure-native:monitor:DataCollectionEndpoint");
    return ofType(resources, "azure-native:monitor:DataCollectionRule").flatMap((rule) => {
      const ws = workspaces.find((w) => rule.dependencies.includes(w.urn));
      const endpoint = endpoints.find((e) => pointsAt(rule, e, "dataCollectionEndpointId"));
      const where = ws?.inputs.location;
      if (typeof where !== "string") return [];
      return [rule, ...(endpoint ? [endpoint] : [])]
        .filter((r) => typeof r.inputs.location === "string" && r.inputs.location !== where)
        .map((r) => ({ urn: r.urn, message: `is in ${String(r.inputs.location)} but its workspace is in ${where}; the Logs Ingestion API needs them in one region` }));
    });
  },
};

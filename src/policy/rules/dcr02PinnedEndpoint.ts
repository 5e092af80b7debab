import { propertyRule } from "../inputs";

export const dcr02PinnedEndpoint = propertyRule({
  id: "DCR-02",
  title: "Data collection rule is pinned to its data collection endpoint",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Set dataCollectionEndpointId on the rule to the stack's endpoint, so ingestion goes where the private link scope allows.",
  resourceTypes: ["azure-native:monitor:DataCollectionRule"],
  path: "dataCollectionEndpointId",
  ok: (v) => typeof v === "string" && v.length > 0,
  message: () => "dataCollectionEndpointId is unset; pin the rule to the endpoint the private link scope holds, so records cannot arrive another way",
});

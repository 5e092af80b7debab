import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const qry01PublishedQuery: PolicyRule = {
  id: "QRY-01",
  title: "Saved queries have a body, a display name and a category",
  enforcement: "advisory",
  severity: "low",
  remediation: "Give the saved query a body, a displayName and a category in its queries/*.kql header.",
  resourceTypes: ["azure-native:operationalinsights:Query", "azure-native:operationalinsights:QueryPack"],
  check: ({ type, inputs }) => {
    if (type === "azure-native:operationalinsights:QueryPack") return [];
    return ["body", "displayName"].flatMap((k) => {
      const v = at(inputs, k);
      return v === UNKNOWABLE || (typeof v === "string" && v.trim().length > 0) ? [] : [`${k} is empty; a saved query needs a body and a display name`];
    }).concat(at(inputs, "related.categories") === UNKNOWABLE || list(at(inputs, "related.categories")).length > 0 ? [] : ["related.categories is empty; file the query under a category so people find it"]);
  },
};

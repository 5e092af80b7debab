import { isRecord } from "../../plan/digest";
import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

/** Audit records go to one workspace only: a second destination is a second copy to protect. */
export const dcr07SingleDestination: PolicyRule = {
  id: "DCR-07",
  title: "Data collection rule sends to exactly one Log Analytics workspace",
  enforcement: "mandatory",
  severity: "medium",
  remediation: "Send every flow to exactly one Log Analytics workspace destination.",
  resourceTypes: ["azure-native:monitor:DataCollectionRule"],
  check: ({ inputs }) => {
    const destinations = at(inputs, "destinations");
    if (destinations === UNKNOWABLE) return [];
    const kinds = Object.entries(isRecord(destinations) ? destinations : {}).filter(([, v]) => v !== undefined && v !== null);
    const workspaces = list(isRecord(destinations) ? destinations.logAnalytics : undefined);
    const others = kinds.map(([k]) => k).filter((k) => k !== "logAnalytics");
    if (workspaces.length === 1 && others.length === 0) return [];
    return [`destinations has ${workspaces.length} Log Analytics workspace(s)${others.length ? ` and ${others.join(", ")}` : ""}; send MCP audit records to the one audit workspace only`];
  },
};

import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const ss02SavedSearchMetadata: PolicyRule = {
  id: "SS-02",
  title: "Saved searches have a category, a display name and a query",
  enforcement: "mandatory",
  severity: "low",
  remediation: "Give the saved search a category, a displayName and a query.",
  resourceTypes: ["azure-native:operationalinsights:SavedSearch"],
  check: ({ inputs }) =>
    ["category", "displayName", "query"].flatMap((key) => {
      const v = at(inputs, key);
      return v === UNKNOWABLE || (typeof v === "string" && v.trim().length > 0) ? [] : [`${key} is empty; saved searches need a category, a display name and a query`];
    }),
};

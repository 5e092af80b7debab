import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const ss03FunctionAlias: PolicyRule = {
  id: "SS-03",
  title: "Function aliases start with a letter and use only letters, digits and underscores",
  enforcement: "mandatory",
  severity: "medium",
  remediation: "Use a function alias that starts with a letter and has only letters, digits and underscores.",
  resourceTypes: ["azure-native:operationalinsights:SavedSearch"],
  check: ({ inputs }) => {
    const alias = at(inputs, "functionAlias");
    if (alias === undefined || alias === UNKNOWABLE) return [];
    return typeof alias === "string" && /^[A-Za-z][A-Za-z0-9_]*$/.test(alias)
      ? []
      : [`functionAlias ${JSON.stringify(alias)} is not allowed; allowed a letter, then letters, digits and underscores (names starting with _ are reserved for solutions)`];
  },
};

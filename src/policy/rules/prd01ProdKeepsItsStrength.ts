import { at } from "../inputs";
import { PolicyRule } from "../types";

/** Each setting that weakens prod, as the resource's type reads it: undefined while it keeps its strength. */
const WEAKENINGS: Record<string, (inputs: Record<string, unknown>) => string | undefined> = {
  "azure-native:operationalinsights:Workspace": (i) => {
    const cap = at(i, "workspaceCapping.dailyQuotaGb");
    if (typeof cap === "number" && cap !== -1) return `workspaceCapping.dailyQuotaGb is ${cap}: records past the daily cap are dropped until the next day, so an attack that floods the log also blinds it`;
    const retention = at(i, "retentionInDays");
    return retention === 30 ? "retentionInDays is 30, the minimum: an incident found after a month has no audit trail left to investigate" : undefined;
  },
  "azure-native:keyvault:Vault": (i) =>
    at(i, "properties.softDeleteRetentionInDays") === 7 ? "properties.softDeleteRetentionInDays is 7, the minimum: a deleted vault or secret is gone for good a week later" : undefined,
  "azure-native:web:AppServicePlan": (i) =>
    at(i, "sku.capacity") === 1 ? "sku.capacity is 1: a single gateway instance is down for every platform update and every crash" : undefined,
};

/**
 * prod is the strictest tier (DESIGN.md, Decisions): a setting that is fine in dev but weakens prod is
 * a warning in the plan and the diff until a suppression in policy/suppressions.yaml gives its reason.
 */
export const prd01ProdKeepsItsStrength: PolicyRule = {
  id: "PRD-01",
  title: "prod keeps its strength: no daily cap or minimum retention on the audit workspace, no 7-day soft delete, more than one gateway instance",
  enforcement: "advisory",
  severity: "medium",
  remediation: "Keep prod's defaults (no cap, longer retention, 90-day soft delete, two or more instances), or write the reason in policy/suppressions.yaml.",
  resourceTypes: Object.keys(WEAKENINGS),
  check: ({ type, inputs }) => {
    if (at(inputs, "tags.environment") !== "prod") return [];
    const weakening = WEAKENINGS[type]?.(inputs);
    return weakening === undefined ? [] : [`${weakening}; keep prod's default or give the reason in policy/suppressions.yaml`];
  },
};

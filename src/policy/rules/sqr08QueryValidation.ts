import { AZURE_OWNED_TABLES } from "../../schema/keyVaultAuditLogs";
import { at, entries, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

/**
 * Azure validates a log alert's query when the rule is saved; `skipQueryValidation` exists for queries
 * over tables that appear only once data flows (azure-rest-api-specs PR #32650). So the flag is right
 * exactly when a query reads such a table, and mcp-guard's alert lint has checked that query offline.
 */
export const sqr08QueryValidation: PolicyRule = {
  id: "SQR-08",
  title: "Alert rules skip query validation only for queries over Azure-owned tables",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Set skipQueryValidation: false for rules on mcp-guard's own tables, so Azure checks the query at creation, and true only for queries over tables Azure creates once data flows (AZKVAuditLogs).",
  resourceTypes: ["azure-native:monitor:ScheduledQueryRule"],
  check: ({ inputs }) => {
    const skip = at(inputs, "skipQueryValidation");
    const queries = entries(inputs, "criteria.allOf").map((c) => c.get("query"));
    if (skip === UNKNOWABLE || queries.some((q) => typeof q !== "string")) return [];
    // A name match, not the KQL analyzer: the rule also runs in the CrossGuard pack, which ships without
    // Kusto; the component decides the flag with the analyzer and this rule agrees on the shipped rules.
    const owned = AZURE_OWNED_TABLES.filter((t) => queries.some((q) => new RegExp(`\\b${t}\\b`).test(String(q))));
    if (owned.length > 0 && skip !== true) {
      return [`skipQueryValidation is ${skip === undefined ? "unset" : JSON.stringify(skip)}; the query reads ${owned.join(", ")}, which Azure creates only once data flows, so set it to true (the offline alert lint checks the query)`];
    }
    if (owned.length === 0 && skip === true) return ["skipQueryValidation is true; remove it so Azure checks the query when the rule is saved"];
    return [];
  },
};

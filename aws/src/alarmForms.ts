import * as logs from "aws-cdk-lib/aws-logs";
import { ResolvedAlert } from "../../src/kql/alerts";
import { listLiteral, PortParameters } from "./queryPorts";

/**
 * The closest CloudWatch form of each alerts/*.yaml rule, by rule name. Thresholds, windows, frequencies,
 * severities and the groups paged come from the definition itself (resolveAlert per stage); what is here
 * is only what KQL cannot carry over: the filter in CloudWatch's syntax and which form runs it.
 * A rule without an entry fails synthesis; a rule CloudWatch cannot express says so (form "none").
 */
export type AlarmForm =
  /**
   * A metric filter counting matching records with ServerName as its only dimension, and one alarm per
   * approved server. CloudWatch disables a filter that produces 1,000 distinct dimension values, so
   * per-user or per-address rules never take this form.
   */
  | { kind: "metric"; metricName: string; pattern: logs.IFilterPattern; servers: "approved" | "always-on"; missing: "breaching" | "notBreaching"; note: string }
  /** A CloudWatch log alarm: a scheduled Logs Insights query whose aggregation is grouped by `groupBy`. */
  | { kind: "log-alarm"; query: (p: PortParameters) => string; aggregation: string; note: string }
  /** An EventBridge rule on CloudTrail's GetSecretValue events by any reader but the allowed roles. */
  | { kind: "secret-reads"; note: string }
  | { kind: "none"; reason: string };

export const ALARM_FORMS: Readonly<Record<string, AlarmForm>> = {
  "alert-kv-secret-read-not-gateway": {
    kind: "secret-reads",
    note: "Key Vault's audit log becomes CloudTrail: an EventBridge rule matches GetSecretValue on the MCP secrets by any principal but the gateway's and the stage's secretReaderRoleArns, and pages per event (no window or threshold: any read is one).",
  },
  "alert-mcp-denied-spike": {
    kind: "log-alarm",
    query: () => `filter ResultType = "Denied" or HttpStatus in [401, 403]`,
    aggregation: "count(*) by User",
    note: "Per user without a User dimension: the log alarm groups the scheduled query's count by User over the rule's window.",
  },
  "alert-mcp-high-failure-rate": {
    kind: "metric",
    metricName: "FailedCalls",
    pattern: logs.FilterPattern.stringValue("$.ResultType", "!=", "Success"),
    servers: "approved",
    missing: "notBreaching",
    note: "One alarm per approved server; CloudWatch sums clock-aligned periods of the window's length, where Azure slides the window every evaluation.",
  },
  "alert-mcp-silent-server": {
    kind: "metric",
    metricName: "Records",
    pattern: logs.FilterPattern.exists("$.ServerName"),
    servers: "always-on",
    missing: "breaching",
    note: "Logs Insights has no now(): one alarm per always-on server over a 30-minute period in which no record counts as breaching; an office-hours server would page every night, so it has none.",
  },
  "alert-mcp-unapproved-server": {
    kind: "log-alarm",
    query: (p) => `filter ServerName not in ${listLiteral(p.approvedServers)}`,
    aggregation: "count(*) by ServerName",
    note: "The approved list is the registry's, written into the query at synthesis.",
  },
  "alert-mcp-unusual-activity": {
    kind: "log-alarm",
    query: () => `fields @timestamp, User`,
    aggregation: "count(*) by User",
    note: "Per user without a User dimension, as the denied spike.",
  },
  "alert-mcp-user-anomaly": {
    kind: "none",
    reason: "make-series and series_decompose_anomalies have no Logs Insights equivalent, and CloudWatch anomaly detection needs a metric per user, which must not be a dimension; no alarm replaces the per-user baseline.",
  },
};

/** Azure's operators as CloudWatch spells them; Equal has no CloudWatch comparison. */
export const COMPARISONS: Readonly<Record<ResolvedAlert["operator"], string | undefined>> = {
  GreaterThan: "GreaterThanThreshold",
  GreaterThanOrEqual: "GreaterThanOrEqualToThreshold",
  LessThan: "LessThanThreshold",
  LessThanOrEqual: "LessThanOrEqualToThreshold",
  Equal: undefined,
};

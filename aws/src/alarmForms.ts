import * as logs from "aws-cdk-lib/aws-logs";
import { ResolvedAlert } from "../../src/kql/alerts";
import { PortParameters, unapprovedServers, unlistedEndpoints } from "./queryPorts";

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
    query: () => `filter ResultType = "Denied" or HttpStatus in [401, 403]\n| fields tolower(User) as Caller`,
    aggregation: "count(*) by Caller",
    note: "Per user without a User dimension: the log alarm groups the scheduled query's count by the lowercased user over the rule's window. Unauthenticated denials share one empty Caller instead of one per address.",
  },
  "alert-mcp-high-failure-rate": {
    kind: "metric",
    metricName: "FailedCalls",
    pattern: logs.FilterPattern.any(logs.FilterPattern.stringValue("$.ResultType", "=", "Failure"), logs.FilterPattern.stringValue("$.ResultType", "=", "ToolError")),
    servers: "approved",
    missing: "notBreaching",
    note: "Failed is Failure or ToolError, as in the query. One alarm per approved server; CloudWatch sums clock-aligned periods of the window's length, where Azure slides the window every evaluation, and the ServerName dimension is case-sensitive where KQL lowercases it.",
  },
  "alert-mcp-identities-per-address": {
    kind: "log-alarm",
    query: () => `filter ispresent(User) and User != "" and ispresent(CallerIpAddress) and CallerIpAddress != ""\n| fields tolower(User) as Caller, CallerIpAddress`,
    aggregation: "count_distinct(Caller) by CallerIpAddress",
    note: "Per address without an address dimension: the log alarm counts distinct lowercased users by CallerIpAddress over the rule's hour (count_distinct is approximate at high cardinality, exact at a threshold of 5).",
  },
  "alert-mcp-new-caller-address": {
    kind: "none",
    reason: "Judging the addresses first seen in the hour before the last 10 minutes needs the evaluation time (Logs Insights has no now() or ago()) and a join with each user's first record; a metric per user and address must not be a dimension. No alarm replaces it; mcp-session-shared shows addresses per session by hand.",
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
    query: unapprovedServers,
    aggregation: "count(*) by Server",
    note: "The approved list is the registry's, lowercased into the query at synthesis (Logs Insights' `in` is exact, KQL's `in~` is not).",
  },
  "alert-mcp-unlisted-endpoint": {
    kind: "log-alarm",
    query: unlistedEndpoints,
    aggregation: "count(*) by Server, Endpoint",
    note: "The approved servers and their endpoints are the registry's, lowercased into the query at synthesis, as the saved query mcp-unlisted-endpoints.",
  },
  "alert-mcp-unusual-activity": {
    kind: "log-alarm",
    query: () => `filter Operation = "tools/call" and ispresent(User) and User != ""\n| fields tolower(User) as Caller`,
    aggregation: "count(*) by Caller",
    note: "Tool calls per lowercased user without a User dimension, as the denied spike; the threshold is the stage's unusualActivityThreshold when set.",
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

import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import { alertCondition, deployedQuery, lintAlerts, rulePropertiesProblem, ruleSchedule } from "../kql/alertLint";
import { ActionGroupName, AlertAggregation, AlertDefinition, AlertOperator, resolveAlert } from "../kql/alerts";
import { azureOwnedTablesRead } from "../kql/catalog";
import { analysisPrefix, parameterValues, QueryParameter, QueryParameterValues } from "../kql/parameters";
import { Environment, nameProblem } from "../naming";
import { exceptionTag } from "../policyExceptions";
import { assignRole, lockResource, LockArgs, queryParameterValues, QueryParameterInputs, userIdentity } from "./shared";

/**
 * The parameter values known before deployment, to measure rules with: a value that is an output (the
 * gateway's principal id) counts as the 36 characters of an object id.
 */
function knownParameterValues(given: QueryParameterInputs = {}): QueryParameterValues {
  const OBJECT_ID = "00000000-0000-0000-0000-000000000000";
  return parameterValues(Object.fromEntries(Object.entries(given).map(([p, v]) => [p, Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : OBJECT_ID)) : []])));
}

/*
 * The alert as McpAlerts takes it: AlertDefinition's content in named interfaces and enums, which
 * Pulumi's analyzer can give every language. AlertDefinition itself is what the file schema infers
 * (a "rows" | {column, aggregation} union, anonymous override objects, a locating function), so TypeScript
 * callers convert with `alertRuleArgs` and the component converts back with `alertDefinition`.
 */

/** A measured column and how it is aggregated. */
export interface AlertMeasureArgs {
  /** A numeric column of the query's result. */
  column: string;
  /** How the column is aggregated per evaluation. */
  aggregation: AlertAggregation;
}

/** How many evaluations must fail before the rule fires. */
export interface AlertFailingPeriodsArgs {
  /** Evaluations looked at (1-6). */
  evaluationPeriods: number;
  /** Of those, how many must breach (1-6, at most evaluationPeriods). */
  minFailing: number;
}

/** What one environment changes about an alert. */
export interface AlertOverrideArgs {
  /** Deploy the rule enabled. @default true */
  enabled?: boolean;
  /** Why the rule is off here; required with enabled false (it becomes the rule's policy exception). @default - none */
  reason?: string;
  /** Threshold here. @default - the alert's */
  threshold?: number;
  /** Severity here (0-4). @default - the alert's */
  severity?: number;
  /** Evaluation frequency here (ISO 8601). @default - the alert's */
  evaluationFrequency?: string;
}

/** Per-environment overrides. */
export interface AlertEnvironmentsArgs {
  /** Overrides in dev. @default - none */
  dev?: AlertOverrideArgs;
  /** Overrides in staging. @default - none */
  staging?: AlertOverrideArgs;
  /** Overrides in prod. @default - none */
  prod?: AlertOverrideArgs;
}

/** One log search alert rule: an alerts/*.yaml file with its KQL resolved (`alertRuleArgs(loaded)`). */
export interface AlertRuleArgs {
  /** Rule name (the file name without .yaml). */
  name: string;
  /** Where it came from, as messages and the rule's `source` tag show it: `alerts/<name>.yaml`. */
  file: string;
  /** What fired and what the responder does. */
  description: string;
  /** 0 (critical) to 4 (verbose). */
  severity: number;
  /** The catalog query it runs, by name, when it runs one. @default - inline KQL */
  query?: string;
  /** The KQL the rule runs, before its parameters are declared. */
  queryText: string;
  /** Stack values the KQL takes. */
  parameters: QueryParameter[];
  /** How often the rule runs (ISO 8601, PT1M to P1D). */
  evaluationFrequency: string;
  /** The time range each run queries (ISO 8601, PT1M to P2D). */
  windowSize: string;
  /** The column measured. @default - the rule counts rows */
  measure?: AlertMeasureArgs;
  /** Columns the rule splits by (at most 6). */
  dimensions: string[];
  /** How the measure is compared with the threshold. */
  operator: AlertOperator;
  /** The threshold. */
  threshold: number;
  /** How many evaluations must fail. @default - 1 of 1 */
  failingPeriods?: AlertFailingPeriodsArgs;
  /** Resolve the alert when the condition clears. */
  autoMitigate: boolean;
  /** Silence actions for this long after the rule fires (ISO 8601). @default - none */
  muteActionsDuration?: string;
  /** Action groups paged, by name. */
  actionGroups: ActionGroupName[];
  /** Per-environment overrides. @default - none */
  environments?: AlertEnvironmentsArgs;
}

/** A loaded alert (`loadCheckedAlerts`) as McpAlerts takes it. */
export function alertRuleArgs(a: AlertDefinition): AlertRuleArgs {
  // kql is queryText again and locate a function: neither crosses to other languages.
  const { measure, kql: _kql, locate: _locate, ...rest } = a;
  return { ...rest, ...(measure === "rows" ? {} : { measure }) };
}

/** The definition the lint and the rule are built from; inline KQL is located in the KQL itself, not in its file. */
export function alertDefinition(a: AlertRuleArgs): AlertDefinition {
  const { measure, ...rest } = a;
  return { ...rest, measure: measure ?? "rows", ...(a.query === undefined ? { kql: a.queryText } : {}) };
}

/** Action group ids by who they page. */
export interface AlertActionGroupsArgs {
  /** The security team's action group: every alert may page it. */
  securityTeam: pulumi.Input<string>;
  /** On-call's, which also receives every severity 0-1 alert. @default - none */
  oncall?: pulumi.Input<string>;
}

export interface McpAlertsArgs {
  /** Resource group that holds the alert rules. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region of the rules (the workspace's). */
  location: pulumi.Input<string>;
  /** The audit workspace: every rule's only scope, and where the rules' identity gets Log Analytics Reader. */
  workspaceId: pulumi.Input<string>;
  /** Name of the user-assigned identity every rule runs as. @default "id-mcp-alerts" */
  identityName?: string;
  /** The alert rules: `loadCheckedAlerts("alerts", catalog).alerts.map(alertRuleArgs)`; linted again here. */
  alerts: AlertRuleArgs[];
  /** Which environment's overrides (enabled, threshold, severity, frequency) apply. */
  environment: Environment;
  /** Action group ids: alert files name them security-team and oncall. */
  actionGroups: AlertActionGroupsArgs;
  /** Thresholds by alert name that replace the files' (stack config unusualActivityThreshold). @default {} */
  thresholds?: Record<string, number>;
  /** Values for the queries' parameters, as for McpSavedQueries. @default every parameter an empty list */
  parameters?: QueryParameterInputs;
  /** Tags on every rule. @default {} */
  tags?: Record<string, string>;
  /** A management lock on each rule. @default - none */
  lock?: LockArgs;
}

/**
 * Log search alert rules from alerts/*.yaml: each scoped to the audit workspace, querying the table
 * directly, running as one user-assigned identity with Log Analytics Reader on the workspace (never as
 * whoever deployed it), stateful, and paging the security team. The identity and its one grant outlive
 * the rules, so adding, renaming or removing a rule never deletes a role assignment under the
 * workspace's lock (prod), which Azure would refuse (ScopeLocked).
 */
export class McpAlerts extends pulumi.ComponentResource {
  /** Rule ids by alert name. */
  readonly ruleIds: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: McpAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mcp-guard:index:McpAlerts", name, {}, opts);
    const alerts = args.alerts.map(alertDefinition);
    const { errors } = lintAlerts(alerts);
    const groupIds: Record<ActionGroupName, pulumi.Input<string> | undefined> = { "security-team": args.actionGroups.securityTeam, oncall: args.actionGroups.oncall };
    const available = Object.entries(groupIds).filter(([, id]) => id !== undefined).map(([n]) => n);
    const missing = alerts.flatMap((a) => a.actionGroups.filter((g) => !available.includes(g)).map((g) => `${a.file}: actionGroups: ${g} has no action group in this stack; allowed ${available.join(", ")}`));
    const { valuesFor, problems } = queryParameterValues(args.parameters);
    const identityName = args.identityName ?? "id-mcp-alerts";
    const identityProblem = nameProblem("userAssignedIdentity", identityName);
    // Rendering needs valid values; invalid ones are already among the problems.
    const known = problems.length === 0 ? knownParameterValues(args.parameters) : undefined;
    const tooLarge = known ? alerts.flatMap((a) => rulePropertiesProblem(a, known) ?? []) : [];
    const all = [...errors, ...missing, ...problems, ...tooLarge, ...(identityProblem ? [`identityName ${identityProblem}`] : [])];
    if (all.length > 0) throw new Error(`McpAlerts ${name}: ${all.join("; ")}`);

    const identity = userIdentity(this, `${name}-identity`, { resourceGroupName: args.resourceGroupName, location: args.location, identityName, tags: args.tags ?? {} });
    const reader = assignRole(this, `${name}-reader`, args.workspaceId, { principalId: identity.principalId, role: "Log Analytics Reader" });

    this.ruleIds = {};
    for (const definition of alerts) {
      const alert = resolveAlert(definition, args.environment, args.thresholds);
      const schedule = ruleSchedule(alert);
      const groups = new Set<ActionGroupName>(alert.actionGroups);
      if (alert.severity <= 1 && groupIds.oncall !== undefined) groups.add("oncall");
      const ruleGroupIds = [...groups].sort().flatMap((g) => groupIds[g] ?? []);
      const rule = new monitor.ScheduledQueryRule(
        `${name}-${alert.name}`,
        {
          ruleName: alert.name,
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          kind: "LogAlert",
          // Without an identity a rule runs with the permissions of whoever last deployed it.
          identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
          displayName: alert.name,
          description: alert.description,
          severity: schedule.severity,
          enabled: schedule.enabled,
          scopes: [args.workspaceId],
          evaluationFrequency: schedule.evaluationFrequency,
          windowSize: schedule.windowSize,
          criteria: { allOf: [valuesFor(alert.parameters).apply((v) => alertCondition(alert, deployedQuery(alert, v)))] },
          autoMitigate: schedule.autoMitigate,
          ...(schedule.muteActionsDuration === undefined ? {} : { muteActionsDuration: schedule.muteActionsDuration }),
          // Azure validates a rule's query when the rule is saved, against the tables that exist then; a table
          // Azure creates only once data flows (AZKVAuditLogs) is not there in a new workspace, which is what
          // the flag is for (azure-rest-api-specs PR #32650). The alert lint has analysed every query offline.
          skipQueryValidation: azureOwnedTablesRead(analysisPrefix(alert.parameters) + alert.queryText).length > 0,
          actions: { actionGroups: ruleGroupIds },
          tags: { ...(args.tags ?? {}), source: alert.file, ...(alert.disabledReason ? exceptionTag("SQR-09", alert.disabledReason) : {}) },
        },
        // Azure checks the identity's access to the scope when the rule is saved.
        { parent: this, dependsOn: [reader] },
      );
      if (args.lock) lockResource(this, `${name}-${alert.name}-lock`, rule.id, args.lock);
      this.ruleIds[alert.name] = rule.id;
    }
    this.registerOutputs({ ruleIds: this.ruleIds });
  }
}

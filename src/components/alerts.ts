import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import { alertCondition, deployedQuery, lintAlerts, rulePropertiesProblem, ruleSchedule } from "../kql/alertLint";
import { ActionGroupName, AlertDefinition, resolveAlert } from "../kql/alerts";
import { azureOwnedTablesRead } from "../kql/catalog";
import { analysisPrefix, parameterValues, QueryParameterValues } from "../kql/parameters";
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

export interface McpAlertsArgs {
  /** Resource group that holds the alert rules. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region of the rules (the workspace's). */
  location: pulumi.Input<string>;
  /** The audit workspace: every rule's only scope, and where the rules' identity gets Log Analytics Reader. */
  workspaceId: pulumi.Input<string>;
  /** Name of the user-assigned identity every rule runs as. @default "id-mcp-alerts" */
  identityName?: string;
  /** The alert definitions, from `loadAlertFiles("alerts", catalog)`; linted again here. */
  alerts: readonly AlertDefinition[];
  /** Which environment's overrides (enabled, threshold, severity, frequency) apply. */
  environment: Environment;
  /** Action group ids by the names alert files use. `oncall` also receives every severity 0-1 alert. */
  actionGroups: { "security-team": pulumi.Input<string> } & Partial<Record<ActionGroupName, pulumi.Input<string>>>;
  /** Thresholds by alert name that replace the files' (stack config unusualActivityThreshold). @default {} */
  thresholds?: Readonly<Record<string, number>>;
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
    const { errors } = lintAlerts(args.alerts);
    const available = Object.entries(args.actionGroups).filter(([, id]) => id !== undefined).map(([n]) => n);
    const missing = args.alerts.flatMap((a) => a.actionGroups.filter((g) => !available.includes(g)).map((g) => `${a.file}: actionGroups: ${g} has no action group in this stack; allowed ${available.join(", ")}`));
    const { valuesFor, problems } = queryParameterValues(args.parameters);
    const identityName = args.identityName ?? "id-mcp-alerts";
    const identityProblem = nameProblem("userAssignedIdentity", identityName);
    // Rendering needs valid values; invalid ones are already among the problems.
    const known = problems.length === 0 ? knownParameterValues(args.parameters) : undefined;
    const tooLarge = known ? args.alerts.flatMap((a) => rulePropertiesProblem(a, known) ?? []) : [];
    const all = [...errors, ...missing, ...problems, ...tooLarge, ...(identityProblem ? [`identityName ${identityProblem}`] : [])];
    if (all.length > 0) throw new Error(`McpAlerts ${name}: ${all.join("; ")}`);

    const identity = userIdentity(this, `${name}-identity`, { resourceGroupName: args.resourceGroupName, location: args.location, identityName, tags: args.tags ?? {} });
    const reader = assignRole(this, `${name}-reader`, args.workspaceId, { principalId: identity.principalId, role: "Log Analytics Reader" });

    this.ruleIds = {};
    for (const definition of args.alerts) {
      const alert = resolveAlert(definition, args.environment, args.thresholds);
      const schedule = ruleSchedule(alert);
      const groups = new Set<ActionGroupName>(alert.actionGroups);
      if (alert.severity <= 1 && args.actionGroups.oncall !== undefined) groups.add("oncall");
      const groupIds = [...groups].sort().flatMap((g) => args.actionGroups[g] ?? []);
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
          actions: { actionGroups: groupIds },
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

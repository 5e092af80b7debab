import { ArnFormat, Duration, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { AlertDefinition, durationMinutes, resolveAlert, ResolvedAlert } from "../../src/kql/alerts";
import { Environment } from "../../src/naming";
import { ALARM_FORMS, COMPARISONS } from "./alarmForms";
import { McpPagingTopics } from "./paging";
import { PortParameters } from "./queryPorts";

export interface McpAlarmsProps {
  /** The definitions (loadAlertFiles of alerts/). */
  readonly alerts: readonly AlertDefinition[];
  /** The stage whose per-environment overrides apply. */
  readonly stage: Environment;
  readonly logGroup: logs.ILogGroup;
  /** The key the log group is encrypted with: the scheduled queries decrypt with it. */
  readonly logKey: kms.IKey;
  readonly paging: McpPagingTopics;
  /** What the registry approved. */
  readonly parameters: PortParameters;
  /**
   * Thresholds by alert name that replace the files' (the stage's unusualActivityThreshold).
   * @default {}
   */
  readonly thresholds?: Readonly<Record<string, number>>;
  /** Approved servers that run around the clock: the silent-server alarm watches only these. */
  readonly alwaysOnServers: readonly string[];
  /**
   * The name prefix of the MCP secrets whose reads are watched.
   * @default "mcp-guard/" - McpSecrets' names
   */
  readonly secretNamePrefix?: string;
  /** Roles allowed to read them (the gateway's, a deployment role); any other reader pages. */
  readonly secretReaderRoleArns: readonly string[];
  /**
   * CloudWatch namespace of the metric filters.
   * @default "McpGuard"
   */
  readonly namespace?: string;
}

/** A rule as deployed here: its CloudWatch form, or why it has none. */
export interface AlarmOutcome {
  readonly alert: string;
  readonly form: string;
  /** Why it is not deployed (off in this stage, or not expressible). */
  readonly skipped?: string;
}

/**
 * The AWS form of McpAlerts: each alerts/*.yaml rule in its closest CloudWatch form (ALARM_FORMS),
 * paging the SNS topics of the groups it names. Rules off in this stage or that CloudWatch cannot
 * express are listed in `outcomes`, never silently dropped.
 */
export class McpAlarms extends Construct {
  readonly outcomes: readonly AlarmOutcome[];
  private scheduledQueryRole?: iam.Role;
  private readonly filters = new Map<string, logs.MetricFilter>();

  constructor(scope: Construct, id: string, private readonly props: McpAlarmsProps) {
    super(scope, id);
    const missing = props.alerts.filter((a) => ALARM_FORMS[a.name] === undefined).map((a) => a.file);
    if (missing.length > 0) throw new Error(`McpAlarms: no CloudWatch form for ${missing.join(", ")}; add an entry to aws/src/alarmForms.ts (or kind "none" with the reason)`);
    this.outcomes = props.alerts.map((a) => this.deploy(resolveAlert(a, props.stage, props.thresholds)));
  }

  private deploy(alert: ResolvedAlert): AlarmOutcome {
    const form = ALARM_FORMS[alert.name];
    if (form.kind === "none") return { alert: alert.name, form: "none", skipped: form.reason };
    if (!alert.enabled) return { alert: alert.name, form: form.kind, skipped: alert.disabledReason ?? `off in ${this.props.stage}` };
    const comparison = COMPARISONS[alert.operator];
    if (comparison === undefined) return { alert: alert.name, form: form.kind, skipped: `operator ${alert.operator} has no CloudWatch comparison` };
    const topics = this.props.paging.topicsFor(alert.actionGroups);
    const description = `${alert.description} (severity ${alert.severity}, from alerts/${alert.name}.yaml)`;
    const frequency = durationMinutes(alert.evaluationFrequency) ?? 5;
    const window = durationMinutes(alert.windowSize) ?? frequency;

    if (form.kind === "metric") {
      const filter = this.metricFilter(form.metricName, form.pattern);
      const servers = form.servers === "always-on" ? this.props.alwaysOnServers : this.props.parameters.approvedServers;
      // The silent-server rule's own window is its history; the silence it looks for is 30 minutes.
      const period = form.missing === "breaching" ? 30 : window;
      for (const server of servers) {
        const alarm = new cloudwatch.Alarm(this, `${alert.name}-${server}`, {
          alarmName: `mcp-guard-${this.props.stage}-${alert.name}-${server}`,
          alarmDescription: description,
          metric: filter.metric({ dimensionsMap: { ServerName: server }, statistic: "Sum", period: Duration.minutes(period) }),
          threshold: form.missing === "breaching" ? 1 : alert.threshold,
          comparisonOperator: form.missing === "breaching" ? cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD : comparisonOperator(comparison),
          evaluationPeriods: 1,
          treatMissingData: form.missing === "breaching" ? cloudwatch.TreatMissingData.BREACHING : cloudwatch.TreatMissingData.NOT_BREACHING,
        });
        for (const topic of topics) {
          alarm.addAlarmAction(new actions.SnsAction(topic));
          if (alert.autoMitigate) alarm.addOkAction(new actions.SnsAction(topic));
        }
      }
      return { alert: alert.name, form: `metric filter ${form.metricName} by ServerName, ${servers.length} alarm(s)` };
    }

    if (form.kind === "log-alarm") {
      new cloudwatch.CfnLogAlarm(this, alert.name, {
        alarmName: `mcp-guard-${this.props.stage}-${alert.name}`,
        alarmDescription: description,
        comparisonOperator: comparison,
        threshold: alert.threshold,
        queryResultsToEvaluate: alert.failingPeriods?.evaluationPeriods ?? 1,
        queryResultsToAlarm: alert.failingPeriods?.minFailing ?? 1,
        treatMissingData: "notBreaching",
        alarmActions: topics.map((t) => t.topicArn),
        okActions: alert.autoMitigate ? topics.map((t) => t.topicArn) : undefined,
        scheduledQueryConfiguration: {
          queryString: form.query(this.props.parameters),
          aggregationExpression: form.aggregation,
          logGroupIdentifiers: [this.props.logGroup.logGroupName],
          scheduleConfiguration: { scheduleExpression: `rate(${frequency} minutes)`, startTimeOffset: window * 60 },
          scheduledQueryRoleArn: this.queryRole().roleArn,
        },
      });
      return { alert: alert.name, form: `log alarm (${form.aggregation})` };
    }

    this.secretReadRule(alert, description);
    return { alert: alert.name, form: "EventBridge rule on CloudTrail GetSecretValue" };
  }

  private metricFilter(metricName: string, pattern: logs.IFilterPattern): logs.MetricFilter {
    const existing = this.filters.get(metricName);
    if (existing) return existing;
    const filter = new logs.MetricFilter(this, `${metricName}Filter`, {
      logGroup: this.props.logGroup,
      filterPattern: pattern,
      metricNamespace: this.props.namespace ?? "McpGuard",
      metricName,
      metricValue: "1",
      // ServerName only: a User or address dimension would pass 1,000 values and CloudWatch disables the filter.
      dimensions: { ServerName: "$.ServerName" },
    });
    this.filters.set(metricName, filter);
    return filter;
  }

  /**
   * The role CloudWatch assumes to run the log alarms' scheduled queries (API_ScheduledQueryConfiguration).
   * The service-managed query is a CloudWatch Logs scheduled query, hence the logs principal; the API
   * reference names no principal, so the first deployment confirms it.
   */
  private queryRole(): iam.Role {
    if (this.scheduledQueryRole) return this.scheduledQueryRole;
    const role = new iam.Role(this, "ScheduledQueryRole", { assumedBy: new iam.ServicePrincipal("logs.amazonaws.com"), description: "Runs the mcp-guard log alarms' Logs Insights queries on the audit log group" });
    role.addToPolicy(new iam.PolicyStatement({ actions: ["logs:StartQuery", "logs:GetQueryResults", "logs:StopQuery"], resources: [this.props.logGroup.logGroupArn] }));
    this.props.logKey.grantDecrypt(role);
    this.scheduledQueryRole = role;
    return role;
  }

  private secretReadRule(alert: ResolvedAlert, description: string): void {
    const allowed = this.props.secretReaderRoleArns;
    const stack = Stack.of(this);
    const prefix = this.props.secretNamePrefix ?? "mcp-guard/";
    new events.Rule(this, alert.name, {
      ruleName: `mcp-guard-${this.props.stage}-${alert.name}`,
      description: description.slice(0, 512),
      eventPattern: {
        source: ["aws.secretsmanager"],
        detailType: ["AWS API Call via CloudTrail"],
        detail: {
          eventName: ["GetSecretValue", "BatchGetSecretValue"],
          // Callers name a secret by name or by ARN; both start with the prefix.
          requestParameters: { secretId: [{ prefix: prefix }, { prefix: stack.formatArn({ service: "secretsmanager", resource: "secret", resourceName: prefix, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) }] },
          ...(allowed.length > 0 ? { userIdentity: { sessionContext: { sessionIssuer: { arn: [{ "anything-but": [...allowed] }] } } } } : {}),
        },
      },
      targets: this.props.paging.topicsFor(alert.actionGroups).map((t) => new targets.SnsTopic(t, { message: events.RuleTargetInput.fromText(`${alert.name} in ${stack.stackName}: ${events.EventField.fromPath("$.detail.userIdentity.arn")} read ${events.EventField.fromPath("$.detail.requestParameters.secretId")}`) })),
    });
  }
}

function comparisonOperator(name: string): cloudwatch.ComparisonOperator {
  const found = Object.values(cloudwatch.ComparisonOperator).find((v) => v === name);
  if (found === undefined) throw new Error(`McpAlarms: comparison ${name} is not a CloudWatch comparison operator`);
  return found;
}

import { Match, Template } from "aws-cdk-lib/assertions";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import { loadAlertFiles } from "../../src/kql/alerts";
import { loadQueryCatalog } from "../../src/kql/catalog";
import { ALARM_FORMS } from "../src/alarmForms";
import { McpAlarms } from "../src/alarms";
import { McpPagingTopics } from "../src/paging";
import { ALERTS_DIR, QUERIES_DIR } from "../src/paths";
import { bareStack } from "./fixtures";

const alerts = loadAlertFiles(ALERTS_DIR, loadQueryCatalog(QUERIES_DIR));

function alarmsFor(stage: "dev" | "prod", thresholds?: Record<string, number>) {
  const stack = bareStack();
  const alarms = new McpAlarms(stack, "Alarms", {
    alerts,
    stage,
    logGroup: new logs.LogGroup(stack, "Group"),
    logKey: new kms.Key(stack, "Key"),
    paging: new McpPagingTopics(stack, "Paging", { securityTeamEmails: ["sec@contoso.com"] }),
    parameters: { approvedServers: ["github", "azure-devops"], approvedServerTools: [], approvedServerEndpoints: ["github/https://api.githubcopilot.com/mcp"] },
    thresholds,
    alwaysOnServers: ["github"],
    secretReaderRoleArns: ["arn:aws:iam::123456789012:role/gateway"],
  });
  return { alarms, template: Template.fromStack(stack) };
}

describe("McpAlarms", () => {
  const prod = alarmsFor("prod");
  const dev = alarmsFor("dev");

  it("has a CloudWatch form, or a stated reason for none, for every alert definition", () => {
    expect(alerts.map((a) => a.name).filter((n) => ALARM_FORMS[n] === undefined)).toEqual([]);
    expect(prod.alarms.outcomes.map((o) => o.alert)).toEqual(alerts.map((a) => a.name));
  });

  it("never makes User or an address a metric dimension", () => {
    const filters = Object.values(prod.template.findResources("AWS::Logs::MetricFilter"));
    expect(filters.length).toBeGreaterThan(0);
    for (const f of filters) expect(f.Properties.MetricTransformations[0].Dimensions).toEqual([{ Key: "ServerName", Value: "$.ServerName" }]);
  });

  it("alarms per approved server on failures, with the definition's threshold and window", () => {
    const failure = alerts.find((a) => a.name === "alert-mcp-high-failure-rate");
    prod.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "mcp-guard-prod-alert-mcp-high-failure-rate-azure-devops",
      Threshold: failure?.threshold,
      Period: 900,
      Dimensions: [{ Name: "ServerName", Value: "azure-devops" }],
      ComparisonOperator: "GreaterThanThreshold",
      AlarmActions: [Match.anyValue()],
    });
    dev.template.hasResourceProperties("AWS::CloudWatch::Alarm", { AlarmName: "mcp-guard-dev-alert-mcp-high-failure-rate-github", Threshold: 50 });
  });

  it("watches only always-on servers for silence, treating no records as breaching", () => {
    prod.template.hasResourceProperties("AWS::CloudWatch::Alarm", { AlarmName: "mcp-guard-prod-alert-mcp-silent-server-github", TreatMissingData: "breaching", ComparisonOperator: "LessThanThreshold", Period: 1800 });
    expect(Object.values(prod.template.findResources("AWS::CloudWatch::Alarm")).map((a) => a.Properties.AlarmName)).not.toContain("mcp-guard-prod-alert-mcp-silent-server-azure-devops");
  });

  it("counts per user with a scheduled Logs Insights query, not a metric", () => {
    prod.template.hasResourceProperties("AWS::CloudWatch::LogAlarm", {
      AlarmName: "mcp-guard-prod-alert-mcp-denied-spike",
      Threshold: 5,
      ScheduledQueryConfiguration: { AggregationExpression: "count(*) by Caller", ScheduleConfiguration: { ScheduleExpression: "rate(5 minutes)", StartTimeOffset: 900 } },
    });
    prod.template.hasResourceProperties("AWS::CloudWatch::LogAlarm", {
      AlarmName: "mcp-guard-prod-alert-mcp-unapproved-server",
      ScheduledQueryConfiguration: { QueryString: 'filter ispresent(ServerName) and ServerName != ""\n| fields tolower(ServerName) as Server, User\n| filter Server not in ["github", "azure-devops"]', ScheduleConfiguration: { StartTimeOffset: 1800 } },
    });
    prod.template.hasResourceProperties("AWS::CloudWatch::LogAlarm", { AlarmName: "mcp-guard-prod-alert-mcp-identities-per-address", Threshold: 5, ScheduledQueryConfiguration: { AggregationExpression: "count_distinct(Caller) by CallerIpAddress", ScheduleConfiguration: { ScheduleExpression: "rate(15 minutes)", StartTimeOffset: 3600 } } });
    prod.template.hasResourceProperties("AWS::CloudWatch::LogAlarm", {
      AlarmName: "mcp-guard-prod-alert-mcp-unlisted-endpoint",
      Threshold: 0,
      ScheduledQueryConfiguration: { QueryString: Match.stringLikeRegexp('concat\\(Server, "/", Endpoint\\) not in \\["github/https://api.githubcopilot.com/mcp"\\]'), AggregationExpression: "count(*) by Server, Endpoint" },
    });
  });

  it("counts failures as Failure or ToolError, and only tool calls as unusual activity, at the stage's threshold", () => {
    const [filter] = Object.values(prod.template.findResources("AWS::Logs::MetricFilter")).filter((f) => f.Properties.MetricTransformations[0].MetricName === "FailedCalls");
    expect(filter.Properties.FilterPattern).toBe('{ ($.ResultType = "Failure") || ($.ResultType = "ToolError") }');
    prod.template.hasResourceProperties("AWS::CloudWatch::LogAlarm", { AlarmName: "mcp-guard-prod-alert-mcp-unusual-activity", Threshold: 100, ScheduledQueryConfiguration: { QueryString: Match.stringLikeRegexp('^filter Operation = "tools/call"') } });
    alarmsFor("prod", { "alert-mcp-unusual-activity": 400 }).template.hasResourceProperties("AWS::CloudWatch::LogAlarm", { AlarmName: "mcp-guard-prod-alert-mcp-unusual-activity", Threshold: 400 });
  });

  it("pages on secret reads by anyone but the allowed roles", () => {
    prod.template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: { detail: { eventName: ["GetSecretValue", "BatchGetSecretValue"], userIdentity: { sessionContext: { sessionIssuer: { arn: [{ "anything-but": ["arn:aws:iam::123456789012:role/gateway"] }] } } } } },
    });
  });

  it("lists what is off in a stage and what CloudWatch cannot express, instead of dropping it", () => {
    expect(dev.alarms.outcomes.find((o) => o.alert === "alert-mcp-silent-server")?.skipped).toBe("dev: dev servers start and stop all day");
    expect(prod.alarms.outcomes.find((o) => o.alert === "alert-mcp-user-anomaly")?.skipped).toMatch(/^make-series and series_decompose_anomalies have no Logs Insights equivalent/);
    expect(prod.alarms.outcomes.find((o) => o.alert === "alert-mcp-new-caller-address")?.skipped).toMatch(/Logs Insights has no now\(\) or ago\(\)/);
    dev.template.resourceCountIs("AWS::Events::Rule", 0);
  });
});

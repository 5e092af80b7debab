import { Match, Template } from "aws-cdk-lib/assertions";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import { McpSecrets } from "../src/secrets";
import { bareStack } from "./fixtures";

// The expiry check's pure part: the Lambda handler file is plain CommonJS, as the runtime loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const check = require("../lambda/expiry-check/index.js") as { expiringSecrets: (s: unknown[], today: string, days: number) => { name: string; daysLeft: number }[]; message: (f: unknown[]) => string };

describe("McpSecrets", () => {
  const stack = bareStack();
  const topic = new sns.Topic(stack, "Topic");
  new McpSecrets(stack, "Secrets", {
    alertTopic: topic,
    logEncryptionKey: new kms.Key(stack, "LogKey"),
    secrets: [
      { name: "github-mcp-token", contentType: "github-pat", owner: "platform-team", rotationDays: 30, expires: "2027-01-20" },
      { name: "analytics-db-readonly", contentType: "connection-string", owner: "data-platform", rotationDays: 90, expires: "2027-02-15", rotationFunctionArn: "arn:aws:lambda:eu-central-1:123456789012:function:rotate-db" },
    ],
  });
  const template = Template.fromStack(stack);

  it("encrypts each secret with the customer key and tags owner, rotation-days and expires", () => {
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: "mcp-guard/github-mcp-token",
      KmsKeyId: Match.anyValue(),
      Tags: Match.arrayWith([{ Key: "expires", Value: "2027-01-20" }, { Key: "owner", Value: "platform-team" }, { Key: "rotation-days", Value: "30" }]),
    });
  });

  it("schedules rotation only where a rotation function exists", () => {
    template.resourceCountIs("AWS::SecretsManager::RotationSchedule", 1);
    template.hasResourceProperties("AWS::SecretsManager::RotationSchedule", { RotationLambdaARN: "arn:aws:lambda:eu-central-1:123456789012:function:rotate-db", RotationRules: { ScheduleExpression: "rate(90 days)" } });
  });

  it("pages on rotation failure", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: { source: ["aws.secretsmanager"], detail: { eventName: ["RotationFailed", "RotationAbandoned"] } },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp("^Topic") } })],
    });
  });

  it("runs the expiry check daily with the warning window", () => {
    template.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "cron(0 6 * * ? *)" });
    template.hasResourceProperties("AWS::Lambda::Function", { Environment: { Variables: { WARNING_DAYS: "14", TOPIC_ARN: Match.anyValue() } } });
  });

  it("refuses an expiry that is not a date", () => {
    expect(() => new McpSecrets(bareStack(), "Bad", { alertTopic: new sns.Topic(bareStack(), "T"), logEncryptionKey: new kms.Key(bareStack(), "K"), secrets: [{ name: "x", contentType: "github-pat", owner: "me", rotationDays: 30, expires: "soon" }] })).toThrow(
      'McpSecrets: secret x: expires "soon" is not a date; use YYYY-MM-DD',
    );
  });
});

describe("the expiry check", () => {
  const tagged = (Name: string, expires?: string) => ({ Name, Tags: expires ? [{ Key: "expires", Value: expires }] : [] });

  it("finds the secrets inside the warning window and the expired ones, soonest first", () => {
    const found = check.expiringSecrets([tagged("far", "2027-06-01"), tagged("soon", "2026-12-01"), tagged("gone", "2026-11-20"), tagged("untagged")], "2026-11-24", 14);
    expect(found.map((f) => [f.name, f.daysLeft])).toEqual([["gone", -4], ["soon", 7]]);
  });

  it("pages names and dates, never values", () => {
    expect(check.message([{ name: "gone", expires: "2026-11-20", daysLeft: -4 }, { name: "soon", expires: "2026-12-01", daysLeft: 7 }])).toBe("gone expired on 2026-11-20\nsoon expires on 2026-12-01 (7 days)");
  });
});

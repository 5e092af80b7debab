import { Match, Template } from "aws-cdk-lib/assertions";
import { McpPagingTopics } from "../src/paging";
import { bareStack } from "./fixtures";

describe("McpPagingTopics", () => {
  const stack = bareStack();
  const paging = new McpPagingTopics(stack, "Paging", { securityTeamEmails: ["sec@contoso.com"], oncallEmails: ["oncall@contoso.com"] });
  const template = Template.fromStack(stack);

  it("creates one KMS-encrypted topic per alert group", () => {
    template.resourceCountIs("AWS::SNS::Topic", 2);
    template.allResourcesProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
  });

  it("refuses publishes without TLS", () => {
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
    });
  });

  it("subscribes the configured addresses by email", () => {
    template.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "sec@contoso.com" });
    template.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "oncall@contoso.com" });
  });

  it("lets CloudWatch alarms and EventBridge use the key", () => {
    template.hasResourceProperties("AWS::KMS::Key", {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: "cloudwatch.amazonaws.com" } }), Match.objectLike({ Principal: { Service: "events.amazonaws.com" } })]) },
    });
  });

  it("pages the security team for a group without a topic", () => {
    const solo = new McpPagingTopics(bareStack(), "Solo", { securityTeamEmails: ["sec@contoso.com"] });
    expect(solo.topicsFor(["oncall"])).toEqual([solo.securityTeam]);
    expect(paging.topicsFor(["security-team", "oncall"])).toHaveLength(2);
  });

  it("refuses an empty security team", () => {
    expect(() => new McpPagingTopics(bareStack(), "None", { securityTeamEmails: [] })).toThrow("McpPagingTopics: securityTeamEmails is empty; give at least one address, or nobody is paged");
  });
});

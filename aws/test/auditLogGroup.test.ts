import { Match, Template } from "aws-cdk-lib/assertions";
import { AUDIT_RECORD_FIELDS, caseInsensitive, credentialIdentifiers, McpAuditLogGroup } from "../src/auditLogGroup";
import { CREDENTIAL_PATTERNS } from "../../src/schema/redaction";
import { MCP_SERVER_LOGS_COLUMNS } from "../../src/schema/mcpServerLogs";
import { bareStack } from "./fixtures";

describe("McpAuditLogGroup", () => {
  const stack = bareStack();
  new McpAuditLogGroup(stack, "Audit", { retentionDays: 365 });
  const template = Template.fromStack(stack);

  it("encrypts with a customer key, keeps records 365 days and outlives the stack", () => {
    template.hasResource("AWS::Logs::LogGroup", { Properties: { RetentionInDays: 365, KmsKeyId: Match.anyValue() }, DeletionPolicy: "Retain" });
  });

  it("masks AWS keys and every shared credential pattern", () => {
    const policy = template.findResources("AWS::Logs::LogGroup");
    const doc = Object.values(policy)[0].Properties.DataProtectionPolicy;
    const names: string[] = doc.Configuration.CustomDataIdentifier.map((c: { Name: string }) => c.Name);
    expect(names).toHaveLength(CREDENTIAL_PATTERNS.length);
    expect(doc.Statement[1].Operation.Deidentify).toEqual({ MaskConfig: {} });
    expect(JSON.stringify(doc.Statement[0].DataIdentifier)).toContain("AwsSecretKey");
  });

  it("lets the regional CloudWatch Logs service use the key for log groups only", () => {
    template.hasResourceProperties("AWS::KMS::Key", { KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: "logs.eu-central-1.amazonaws.com" }, Condition: { ArnLike: Match.anyValue() } })]) } });
  });

  it("spells case-insensitive patterns without inline flags, and they still match", () => {
    expect(caseInsensitive(String.raw`bearer\s+[A-Za-z]{8,}`)).toBe(String.raw`[bB][eE][aA][rR][eE][rR]\s+[A-Za-z]{8,}`);
    const bearer = credentialIdentifiers().find((c) => c.name === "BearerToken");
    expect(bearer).toBeDefined();
    expect(new RegExp(bearer?.regex ?? "").test("Authorization: BEARER abcdefgh12345")).toBe(true);
  });

  it("records the shared schema's columns", () => {
    expect(AUDIT_RECORD_FIELDS).toEqual(MCP_SERVER_LOGS_COLUMNS.map((c) => c.name));
  });

  it("indexes the fields the detections filter on", () => {
    template.hasResourceProperties("AWS::Logs::LogGroup", { FieldIndexPolicies: [{ Fields: ["ServerName", "User", "ResultType", "Operation", "SessionId"] }] });
    expect(() => new McpAuditLogGroup(bareStack(), "Bad", { retentionDays: 30, indexedFields: ["Username"] })).toThrow("McpAuditLogGroup: indexedFields Username are not MCPServerLogs_CL columns; use columns of src/schema/mcpServerLogs.ts");
  });

  it("refuses a retention CloudWatch Logs does not accept", () => {
    expect(() => new McpAuditLogGroup(bareStack(), "Bad", { retentionDays: 100 })).toThrow("McpAuditLogGroup: retentionDays 100 is not a retention CloudWatch Logs accepts");
  });
});

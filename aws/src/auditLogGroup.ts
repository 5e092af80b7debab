import { ArnFormat, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { CREDENTIAL_PATTERNS } from "../../src/schema/redaction";
import { MCP_SERVER_LOGS_COLUMNS, MCP_SERVER_LOGS_TABLE } from "../../src/schema/mcpServerLogs";

export interface McpAuditLogGroupProps {
  /** Days CloudWatch Logs keeps the records: one of the values it accepts (1, 3, 5, 7, 14, 30, 60, 90, ...). */
  readonly retentionDays: number;
  /**
   * Key the log group is encrypted with.
   * @default - a new customer-managed key with rotation on, usable by CloudWatch Logs in this region
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Record fields CloudWatch Logs indexes, so queries and alarms filtering on them scan less: columns of
   * the shared schema only.
   * @default DEFAULT_INDEXED_FIELDS - the fields the detections filter and group by
   */
  readonly indexedFields?: readonly string[];
  /**
   * What happens to the records when the stack is deleted.
   * @default RemovalPolicy.RETAIN - audit evidence outlives the stack
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The columns a record carries, from the shared schema: the same JSON shape as MCPServerLogs_CL. */
export const AUDIT_RECORD_FIELDS: readonly string[] = MCP_SERVER_LOGS_COLUMNS.map((c) => c.name);

/** The columns the catalog's ports and the alarms filter and group by most (queryPorts.ts, alarmForms.ts). */
export const DEFAULT_INDEXED_FIELDS = ["ServerName", "User", "ResultType", "Operation", "SessionId"] as const;

/** The Azure table whose records this log group holds, one JSON object per event. */
export const AUDIT_RECORD_SCHEMA = MCP_SERVER_LOGS_TABLE;

/**
 * CloudWatch's custom data identifiers take no inline flags, so a case-insensitive pattern spells each
 * letter outside a character class as both cases; escapes (`\s`, `\b`) and classes stay as written.
 */
export function caseInsensitive(regex: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === "\\") {
      out += c + (regex[i + 1] ?? "");
      i++;
    } else if (inClass) {
      out += c;
      if (c === "]") inClass = false;
    } else if (c === "[") {
      out += c;
      inClass = true;
    } else out += /[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
  }
  return out;
}

/** The shared credential patterns as CloudWatch Logs custom data identifiers (names: letters and digits). */
export function credentialIdentifiers(): logs.CustomDataIdentifier[] {
  return CREDENTIAL_PATTERNS.map((p) => {
    const name = p.name.replace(/\(.*\)/, "").replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? "").toUpperCase()).replace(/^./, (ch) => ch.toUpperCase());
    return new logs.CustomDataIdentifier(name, p.ignoreCase ? caseInsensitive(p.regex) : p.regex);
  });
}

/**
 * The AWS form of McpAuditLogs: one KMS-encrypted CloudWatch Logs log group holding MCP audit records
 * as JSON objects with MCPServerLogs_CL's columns, kept for an explicit time, with a data-protection
 * policy that masks credential-shaped strings (the shared patterns plus AWS keys) when they are read.
 */
export class McpAuditLogGroup extends Construct {
  readonly logGroup: logs.LogGroup;
  readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: McpAuditLogGroupProps) {
    super(scope, id);
    const retention = Object.values(logs.RetentionDays).find((v) => v === props.retentionDays);
    if (retention === undefined || typeof retention === "string") {
      throw new Error(`McpAuditLogGroup: retentionDays ${props.retentionDays} is not a retention CloudWatch Logs accepts; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, ...`);
    }
    const indexed = props.indexedFields ?? DEFAULT_INDEXED_FIELDS;
    const unknown = indexed.filter((f) => !AUDIT_RECORD_FIELDS.includes(f));
    if (unknown.length > 0) throw new Error(`McpAuditLogGroup: indexedFields ${unknown.join(", ")} are not ${AUDIT_RECORD_SCHEMA} columns; use columns of src/schema/mcpServerLogs.ts`);
    this.encryptionKey = props.encryptionKey ?? this.createKey();
    this.logGroup = new logs.LogGroup(this, "LogGroup", {
      retention,
      encryptionKey: this.encryptionKey,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      fieldIndexPolicies: [new logs.FieldIndexPolicy({ fields: [...indexed] })],
      dataProtectionPolicy: new logs.DataProtectionPolicy({
        name: "mcp-guard-credentials",
        description: "Masks credential-shaped strings in MCP audit records (src/schema/redaction.ts)",
        identifiers: [logs.DataIdentifier.AWSSECRETKEY, ...credentialIdentifiers()],
      }),
    });
  }

  private createKey(): kms.Key {
    const key = new kms.Key(this, "Key", { description: "mcp-guard audit log group", enableKeyRotation: true, pendingWindow: Duration.days(30), removalPolicy: RemovalPolicy.RETAIN });
    // CloudWatch Logs encrypts with the key only when the key policy lets the regional service use it.
    const region = Stack.of(this).region;
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        conditions: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": Stack.of(this).formatArn({ service: "logs", resource: "log-group", resourceName: "*", arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
      }),
    );
    return key;
  }
}

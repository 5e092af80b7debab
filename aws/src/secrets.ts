import * as path from "node:path";
import { Duration, RemovalPolicy, Tags } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";

/** One catalog credential, as aws/stages/<stage>.yaml lists it. */
export interface McpSecretSpec {
  /** The catalog name servers/*.yaml refer to (credentials[].secret). */
  readonly name: string;
  /** What the value is: github-pat, ado-pat, connection-string, ... */
  readonly contentType: string;
  /** The team or person who rotates it: the `owner` tag. */
  readonly owner: string;
  /** Days between rotations: the `rotation-days` tag and, with a function, the schedule. */
  readonly rotationDays: number;
  /** The credential's real expiry (YYYY-MM-DD): the `expires` tag the daily check reads. */
  readonly expires: string;
  /**
   * A rotation function that exists already.
   * @default - no rotation schedule: the owner rotates by hand and the expiry check pages in time
   */
  readonly rotationFunctionArn?: string;
}

export interface McpSecretsProps {
  readonly secrets: readonly McpSecretSpec[];
  /** The topic rotation failures and near expiries page. */
  readonly alertTopic: sns.ITopic;
  /**
   * Key the secrets are encrypted with.
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Days before `expires` at which the daily check pages.
   * @default 14
   */
  readonly expiryWarningDays?: number;
  /** Key the expiry check's log group is encrypted with; its policy must admit CloudWatch Logs (McpAuditLogGroup's does). */
  readonly logEncryptionKey: kms.IKey;
  /**
   * Days the expiry check's own log group keeps its runs.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly checkLogRetention?: logs.RetentionDays;
}

/** The tag every catalog secret carries, so the expiry check lists only these. */
export const CATALOG_TAG = "mcp-guard:catalog";

/**
 * The AWS form of McpSecretsVault: a Secrets Manager secret per catalog credential, encrypted with a
 * customer key and tagged owner / rotation-days / expires; a rotation schedule where a rotation function
 * exists; an EventBridge rule that pages on RotationFailed; and a daily check that pages before a
 * tagged expiry, since Secrets Manager keeps no expiry of its own.
 */
export class McpSecrets extends Construct {
  readonly encryptionKey: kms.IKey;
  /** The secrets by catalog name. */
  readonly secrets: ReadonlyMap<string, secretsmanager.ISecret>;
  readonly expiryCheck: lambda.IFunction;

  constructor(scope: Construct, id: string, props: McpSecretsProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, "Key", { description: "mcp-guard MCP secrets", enableKeyRotation: true, pendingWindow: Duration.days(30), removalPolicy: RemovalPolicy.RETAIN });
    const secrets = new Map<string, secretsmanager.ISecret>();
    for (const spec of props.secrets) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(spec.expires)) throw new Error(`McpSecrets: secret ${spec.name}: expires ${JSON.stringify(spec.expires)} is not a date; use YYYY-MM-DD`);
      const secret = new secretsmanager.Secret(this, spec.name, {
        secretName: `mcp-guard/${spec.name}`,
        description: `MCP credential ${spec.name} (${spec.contentType}); the value is set out of band, never in the template`,
        encryptionKey: this.encryptionKey,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const tags = { owner: spec.owner, "rotation-days": String(spec.rotationDays), expires: spec.expires, "content-type": spec.contentType, [CATALOG_TAG]: spec.name };
      for (const [k, v] of Object.entries(tags)) Tags.of(secret).add(k, v);
      if (spec.rotationFunctionArn) {
        secret.addRotationSchedule("Rotation", { rotationLambda: lambda.Function.fromFunctionArn(this, `${spec.name}-rotator`, spec.rotationFunctionArn), automaticallyAfter: Duration.days(spec.rotationDays) });
      }
      secrets.set(spec.name, secret);
    }
    this.secrets = secrets;

    // Secrets Manager reports a failed rotation as a CloudTrail service event.
    new events.Rule(this, "RotationFailed", {
      description: "Pages the security team when Secrets Manager fails to rotate a secret",
      eventPattern: { source: ["aws.secretsmanager"], detailType: ["AWS Service Event via CloudTrail"], detail: { eventName: ["RotationFailed", "RotationAbandoned"] } },
      targets: [new targets.SnsTopic(props.alertTopic)],
    });

    this.expiryCheck = this.createExpiryCheck(props);
  }

  private createExpiryCheck(props: McpSecretsProps): lambda.Function {
    const logGroup = new logs.LogGroup(this, "ExpiryCheckLogs", { retention: props.checkLogRetention ?? logs.RetentionDays.THREE_MONTHS, encryptionKey: props.logEncryptionKey, removalPolicy: RemovalPolicy.DESTROY });
    const role = new iam.Role(this, "ExpiryCheckRole", { assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"), description: "mcp-guard secret expiry check" });
    const fn = new lambda.Function(this, "ExpiryCheck", {
      description: "Pages before an MCP secret's expires tag",
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: "index.handler",
      code: lambda.Code.fromAsset(path.resolve(__dirname, "..", "lambda", "expiry-check")),
      timeout: Duration.minutes(1),
      memorySize: 256,
      role,
      logGroup,
      environment: { TOPIC_ARN: props.alertTopic.topicArn, WARNING_DAYS: String(props.expiryWarningDays ?? 14) },
    });
    logGroup.grantWrite(role);
    // ListSecrets reads names and tags only and cannot be scoped to resources (Service Authorization Reference).
    role.addToPolicy(new iam.PolicyStatement({ actions: ["secretsmanager:ListSecrets"], resources: ["*"] }));
    props.alertTopic.grantPublish(role);
    new events.Rule(this, "ExpiryCheckSchedule", { description: "Runs the MCP secret expiry check daily", schedule: events.Schedule.cron({ hour: "6", minute: "0" }), targets: [new targets.LambdaFunction(fn)] });
    return fn;
  }
}

import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import { ACTION_GROUP_NAMES, ActionGroupName } from "../../src/kql/alerts";

export interface McpPagingTopicsProps {
  /** Addresses the security team topic emails; at least one. */
  readonly securityTeamEmails: readonly string[];
  /**
   * Addresses the on-call topic emails.
   * @default - no on-call topic: alerts that name `oncall` page the security team only
   */
  readonly oncallEmails?: readonly string[];
  /**
   * Key the topics are encrypted with.
   * @default - a new customer-managed key with rotation on, usable by CloudWatch and EventBridge
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The AWS form of McpSecurityActionGroup: one SNS topic per alert group name (`security-team`,
 * `oncall`), encrypted with a customer key, refusing publishes over plain HTTP, with email subscriptions.
 */
export class McpPagingTopics extends Construct {
  readonly encryptionKey: kms.IKey;
  /** The topics by the group names alerts/*.yaml use. */
  readonly topics: ReadonlyMap<ActionGroupName, sns.ITopic>;

  constructor(scope: Construct, id: string, props: McpPagingTopicsProps) {
    super(scope, id);
    if (props.securityTeamEmails.length === 0) throw new Error("McpPagingTopics: securityTeamEmails is empty; give at least one address, or nobody is paged");
    this.encryptionKey = props.encryptionKey ?? this.createKey();
    const emails: Record<ActionGroupName, readonly string[]> = { "security-team": props.securityTeamEmails, oncall: props.oncallEmails ?? [] };
    const topics = new Map<ActionGroupName, sns.ITopic>();
    for (const group of ACTION_GROUP_NAMES) {
      if (emails[group].length === 0) continue;
      const topic = new sns.Topic(this, group, { displayName: `mcp-guard ${group}`, masterKey: this.encryptionKey, enforceSSL: true });
      for (const address of emails[group]) topic.addSubscription(new subscriptions.EmailSubscription(address));
      topics.set(group, topic);
    }
    this.topics = topics;
  }

  /** The topics an alert naming `groups` pages; a group without a topic falls back to the security team. */
  topicsFor(groups: readonly ActionGroupName[]): sns.ITopic[] {
    const found = new Set(groups.map((g) => this.topics.get(g) ?? this.securityTeam));
    return [...found];
  }

  get securityTeam(): sns.ITopic {
    const topic = this.topics.get("security-team");
    if (!topic) throw new Error("McpPagingTopics: no security-team topic");
    return topic;
  }

  private createKey(): kms.Key {
    const key = new kms.Key(this, "Key", { description: "mcp-guard paging topics", enableKeyRotation: true, pendingWindow: Duration.days(30), removalPolicy: RemovalPolicy.RETAIN });
    // Alarms and rules publish to an encrypted topic only if the key lets their service principal use it.
    for (const service of ["cloudwatch.amazonaws.com", "events.amazonaws.com"]) {
      key.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ServicePrincipal(service)], actions: ["kms:Decrypt", "kms:GenerateDataKey*"], resources: ["*"] }));
    }
    return key;
  }
}

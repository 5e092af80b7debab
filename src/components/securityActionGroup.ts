import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import { nameProblem } from "../naming";
import { webhookUriProblem } from "../network";
import { lockResource, LockArgs, tenantId } from "./shared";

/** A webhook that Azure Monitor calls with an Entra token for the target app (a "secure webhook"). */
export interface SecureWebhookArgs {
  name: string;
  /** Public HTTPS endpoint, without credentials in the URI. */
  serviceUri: string;
  /** Object id of the target app registration that holds the app role for Azure Monitor's webhook app. */
  objectId: string;
  /** Application ID URI of that app registration (the token's audience). */
  identifierUri: string;
}

/** A Logic App triggered by the alert. */
export interface LogicAppReceiverArgs {
  name: string;
  /** Resource id of the Logic App. */
  resourceId: string;
  /** The trigger's callback URL: a credential (it carries a SAS signature), so pass a Pulumi secret. */
  callbackUrl: pulumi.Input<string>;
}

export interface McpSecurityActionGroupArgs {
  /** Resource group of the action group (action groups themselves are global). */
  resourceGroupName: pulumi.Input<string>;
  /** Action group name (the guide's ag-cursor-security-team). */
  actionGroupName: string;
  /** Name in SMS and email subjects: 12 characters at most. */
  shortName: string;
  /** Addresses of the security team; each gets the common alert schema. */
  emails: string[];
  /** Entra-secured webhooks. @default [] */
  webhooks?: SecureWebhookArgs[];
  /** Logic App receivers. @default [] */
  logicApps?: LogicAppReceiverArgs[];
  /** Tags on the group. @default {} */
  tags?: Record<string, string>;
  /** A management lock on the group. @default - none */
  lock?: LockArgs;
}

/** The action group that pages the security team: alerts and Key Vault expiry events go here. */
export class McpSecurityActionGroup extends pulumi.ComponentResource {
  readonly actionGroupId: pulumi.Output<string>;

  constructor(name: string, args: McpSecurityActionGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mcp-guard:index:McpSecurityActionGroup", name, {}, opts);
    const problems = [
      nameProblem("actionGroupShortName", args.shortName),
      nameProblem("actionGroup", args.actionGroupName),
      args.emails.length === 0 ? "no email receivers; a group nobody reads pages nobody" : undefined,
      ...(args.webhooks ?? []).map((w) => {
        const p = webhookUriProblem(w.serviceUri);
        return p ? `webhook ${w.name}: ${p}` : undefined;
      }),
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) throw new Error(`McpSecurityActionGroup ${name}: ${problems.join("; ")}`);

    const group = new monitor.ActionGroup(
      `${name}-group`,
      {
        actionGroupName: args.actionGroupName,
        resourceGroupName: args.resourceGroupName,
        // Action groups are global resources.
        location: "global",
        enabled: true,
        groupShortName: args.shortName,
        emailReceivers: args.emails.map((emailAddress, i) => ({ name: `email-${i}`, emailAddress, useCommonAlertSchema: true })),
        // Always the secure kind: Azure Monitor presents an Entra token, so no secret sits in the URI.
        webhookReceivers: (args.webhooks ?? []).map((w) => ({
          name: w.name,
          serviceUri: w.serviceUri,
          useAadAuth: true,
          objectId: w.objectId,
          identifierUri: w.identifierUri,
          tenantId: tenantId(this),
          useCommonAlertSchema: true,
        })),
        logicAppReceivers: (args.logicApps ?? []).map((l) => ({ name: l.name, resourceId: l.resourceId, callbackUrl: pulumi.secret(l.callbackUrl), useCommonAlertSchema: true })),
        tags: args.tags ?? {},
      },
      { parent: this },
    );
    if (args.lock) lockResource(this, `${name}-lock`, group.id, args.lock);
    this.actionGroupId = group.id;
    this.registerOutputs({ actionGroupId: this.actionGroupId });
  }
}

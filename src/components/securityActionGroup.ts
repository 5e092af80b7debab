import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import { nameProblem } from "../naming";
import { lockResource, LockArgs } from "./shared";

export interface McpSecurityActionGroupArgs {
  resourceGroupName: pulumi.Input<string>;
  /** Action group name (the guide's ag-cursor-security-team). */
  actionGroupName: string;
  /** Name in SMS and email subjects: 12 characters at most. */
  shortName: string;
  /** Addresses of the security team; each gets the common alert schema. */
  emails: string[];
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
    const problem = nameProblem("actionGroupShortName", args.shortName) ?? nameProblem("actionGroup", args.actionGroupName);
    if (problem) throw new Error(`McpSecurityActionGroup ${name}: ${problem}`);
    if (args.emails.length === 0) throw new Error(`McpSecurityActionGroup ${name}: no email receivers; a group nobody reads pages nobody`);

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
        tags: args.tags ?? {},
      },
      { parent: this },
    );
    if (args.lock) lockResource(this, `${name}-lock`, group.id, args.lock);
    this.actionGroupId = group.id;
    this.registerOutputs({ actionGroupId: this.actionGroupId });
  }
}

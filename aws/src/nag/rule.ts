import { CfnResource, Stack } from "aws-cdk-lib";
import { NagMessageLevel, NagRuleResult } from "cdk-nag";

/**
 * One mcp-guard rule over a synthesized AWS resource, written as cdk-nag rules are: a pure function of
 * the resource answering compliant, non-compliant or not applicable. Where the control is one of the
 * Azure rules (src/policy/rules), the id is that rule's (KV-11, TBL-06, REL-01, ...), so one id names one
 * control in both clouds; AWS-only controls have ids of their own.
 */
export interface McpGuardRule {
  /** The rule id; cdk-nag reports it as McpGuard-<id>. */
  readonly id: string;
  /** The Azure rule with the same control, when there is one (docs/policy.md). */
  readonly mirrors?: string;
  /** What is wrong, as the finding says it. */
  readonly info: string;
  /** Why it matters and how to fix it. */
  readonly explanation: string;
  readonly level: NagMessageLevel;
  check(node: CfnResource): NagRuleResult;
}

/** A token-free view of a value: CloudFormation intrinsics resolved to their JSON form. */
export function resolved(node: CfnResource, value: unknown): unknown {
  return Stack.of(node).resolve(value);
}

/** The resources of `type` in the resource's stack. */
export function stackResources(node: CfnResource, type: string): CfnResource[] {
  return Stack.of(node).node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === type);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

import { CfnResource } from "aws-cdk-lib";
import { NagPack, NagPackProps } from "cdk-nag";
import { IConstruct } from "constructs";
import { MCP_GUARD_RULES } from "./rules";

/** The mcp-guard rule pack for the AWS form: registered with Validations.of(app).addPlugins, beside AwsSolutionsChecks. */
export class McpGuardChecks extends NagPack {
  readonly name = "McpGuard";

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = "McpGuard";
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of MCP_GUARD_RULES) {
      this.applyRule({ ruleSuffixOverride: rule.id, info: rule.info, explanation: rule.explanation, level: rule.level, node, rule: (n: CfnResource) => rule.check(n) });
    }
  }
}

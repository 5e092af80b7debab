import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { NagPack } from "cdk-nag";
import { IConstruct } from "constructs";
import { buildApp } from "../src/app";
import { loadStageConfig } from "../src/config";
import { McpGuardStack } from "../src/stack";

/** A stage as shipped (servers/*.yaml included), synthesized once (no CloudFormation validation: the e2e test runs that). */
export function synthStage(stage: string): { app: App; stack: McpGuardStack; template: Template } {
  const { app, stack } = buildApp({ config: loadStageConfig(stage), cloudFormationValidation: false });
  app.synth();
  return { app, stack, template: Template.fromStack(stack) };
}

/** A bare stack for one construct, in an app without validation plugins. */
export function bareStack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), "Test", { env: { region: "eu-central-1" } });
}

/** The rule ids a pack reports on `scope`, with their messages. */
export function findings(pack: NagPack, scope: IConstruct): { rule: string; message: string; paths: string[] }[] {
  return pack.validateScope(scope).violations.map((v) => ({ rule: v.ruleName, message: v.description, paths: v.violatingResources.map((r) => r.constructPath ?? "") }));
}

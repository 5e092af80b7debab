import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { NagPack } from "cdk-nag";
import { IConstruct } from "constructs";
import { buildApp } from "../src/app";
import { loadStageConfig } from "../src/config";
import { ApprovedServer } from "../src/servers";
import { McpGuardStack } from "../src/stack";

/** Two approved servers as the registry describes them: one HTTP target, one stdio server. */
export const SERVERS: readonly ApprovedServer[] = [
  { name: "github", tools: ["search_repositories", "get_file_contents"], alwaysOn: true, http: { url: "https://api.githubcopilot.com/mcp/", secret: "github-mcp-token" } },
  { name: "azure-devops", tools: ["list_work_items"], alwaysOn: false, notATarget: "a stdio server runs on the developer's machine" },
];

/** A stage as shipped, synthesized once (no CloudFormation validation: the e2e test runs that). */
export function synthStage(stage: string, servers: readonly ApprovedServer[] = SERVERS): { app: App; stack: McpGuardStack; template: Template } {
  const { app, stack } = buildApp({ config: loadStageConfig(stage), servers, cloudFormationValidation: false });
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

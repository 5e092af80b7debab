import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { loadAlertFiles } from "../../src/kql/alerts";
import { loadQueryCatalog } from "../../src/kql/catalog";
import { acknowledgeFindings } from "./acknowledgements";
import { StageConfig } from "./config";
import { McpGuardChecks } from "./nag/mcpGuardChecks";
import { ALERTS_DIR, QUERIES_DIR } from "./paths";
import { approvedServers } from "./registry";
import { ApprovedServer } from "./servers";
import { McpGuardStack } from "./stack";

export interface BuildOptions {
  readonly config: StageConfig;
  /**
   * The approved servers of the stage.
   * @default - servers/*.yaml approved and enabled in the stage
   */
  readonly servers?: readonly ApprovedServer[];
  /** Where the cloud assembly goes. */
  readonly outdir?: string;
  /**
   * Whether aws-cdk-lib's built-in CloudFormation validation (registry schemas and default rules) runs at
   * synthesis; it is the slow part of a synth.
   * @default true
   */
  readonly cloudFormationValidation?: boolean;
}

/** One stage's app: the stack, cdk-nag's AwsSolutions pack and the mcp-guard pack, with the acknowledged findings. */
export function buildApp(options: BuildOptions): { app: App; stack: McpGuardStack } {
  const app = new App({ outdir: options.outdir, builtinCloudFormationValidation: options.cloudFormationValidation ?? true });
  const catalog = loadQueryCatalog(QUERIES_DIR);
  const alerts = loadAlertFiles(ALERTS_DIR, catalog);
  const { config } = options;
  const stack = new McpGuardStack(app, `mcp-guard-${config.stage}`, {
    env: { region: config.region, ...(config.account ? { account: config.account } : {}) },
    description: `mcp-guard ${config.stage}: governed, audited access to MCP servers`,
    config,
    servers: options.servers ?? approvedServers(config.stage),
    alerts,
    catalog,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new McpGuardChecks(app));
  acknowledgeFindings(stack);
  return { app, stack };
}

import { InputError } from "../../src/errors";
import { buildApp } from "../src/app";
import { loadStageConfig } from "../src/config";

/**
 * The CDK CLI's entry (cdk.json): `npx cdk deploy -c mcp-guard:stage=prod`. The CLI hands the context
 * over in CDK_CONTEXT_JSON and the output directory in CDK_OUTDIR, which App reads by itself.
 */
const context: Record<string, unknown> = JSON.parse(process.env.CDK_CONTEXT_JSON ?? "{}");
const stage = context["mcp-guard:stage"];
try {
  if (typeof stage !== "string") throw new InputError("missing context", ["-c mcp-guard:stage=<dev|staging|prod> is required"]);
  buildApp({ config: loadStageConfig(stage) }).app.synth();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}

import * as path from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "../../src/errors";
import { buildApp } from "../src/app";
import { loadStageConfig } from "../src/config";

/**
 * `npm run synth -w aws -- --stage <dev|staging|prod>`: synthesizes one stage offline (no account, no
 * network) into aws/cdk.out, running cdk-nag and the mcp-guard rule pack; exits 1 on any finding.
 */
function main(): void {
  const { values } = parseArgs({ options: { stage: { type: "string" }, outdir: { type: "string" }, "no-validation": { type: "boolean" } } });
  if (!values.stage) throw new InputError("missing option", ["--stage is required; allowed dev, staging, prod"]);
  const config = loadStageConfig(values.stage);
  const outdir = path.resolve(values.outdir ?? path.join(__dirname, "..", "cdk.out"));
  const { app, stack } = buildApp({ config, outdir, cloudFormationValidation: !values["no-validation"] });
  app.synth();
  console.log(`synthesized ${stack.stackName} to ${path.relative(process.cwd(), outdir) || "."}`);
  for (const s of stack.servers) console.log(`  server ${s.name}: ${s.notATarget ? `not a gateway target (${s.notATarget})` : "gateway target"}`);
  for (const o of stack.alarms.outcomes) console.log(`  ${o.alert}: ${o.skipped ? `not deployed (${o.skipped})` : o.form}`);
}

try {
  main();
} catch (e) {
  if (e instanceof InputError) console.error(e.message);
  else console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildApp } from "../src/app";
import { loadStageConfig } from "../src/config";

// The one synthesis with aws-cdk-lib's built-in CloudFormation validation on (registry schemas and the
// default rules): the unit tests turn it off, since it is the slow part of a synth.
describe("npm run synth -- --stage prod", () => {
  it("passes the built-in CloudFormation validation, cdk-nag and the mcp-guard pack, and writes the assembly", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-aws-"));
    const { app, stack } = buildApp({ config: loadStageConfig("prod"), outdir, cloudFormationValidation: true });
    const assembly = app.synth();
    expect(fs.existsSync(path.join(outdir, `${stack.stackName}.template.json`))).toBe(true);
    expect(assembly.getStackByName(stack.stackName).template.Resources).toBeDefined();
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});

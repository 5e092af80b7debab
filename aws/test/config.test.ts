import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../src/errors";
import { loadStageConfig, parseStageConfig } from "../src/config";
import { STAGES_DIR } from "../src/paths";

const prod = fs.readFileSync(path.join(STAGES_DIR, "prod.yaml"), "utf8");

function problems(src: string): string[] {
  try {
    parseStageConfig("aws/stages/prod.yaml", src, "prod");
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
  return [];
}

describe("stage config", () => {
  it("accepts the shipped stages and fills defaults", () => {
    for (const s of ["dev", "staging", "prod"]) expect(loadStageConfig(s).stage).toBe(s);
    expect(loadStageConfig("prod").expiryWarningDays).toBe(14);
  });

  it("names the field, the problem and the fix", () => {
    expect(problems(prod.replace("auditRetentionDays: 365", "auditRetentionDays: 100"))).toEqual([
      "aws/stages/prod.yaml: auditRetentionDays: 100 is not a retention CloudWatch Logs accepts; allowed 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
    ]);
    expect(problems(prod.replace(/allowedAudience:\n\s+- \S+/, "allowedAudience: []"))).toEqual(["aws/stages/prod.yaml: gateway.allowedAudience: is empty; name the gateway's app id or Application ID URI, so only tokens issued for it pass"]);
    expect(problems(prod.replace('expires: "2027-01-20"', 'expires: "next year"'))).toEqual(['aws/stages/prod.yaml: secrets.0.expires: "next year" is not a date; allowed YYYY-MM-DD']);
    expect(problems(prod.replace("stage: prod", "stage: dev"))).toEqual(['aws/stages/prod.yaml: stage: "dev" must equal the file name "prod"']);
  });

  it("reports a secret listed twice and an unknown stage", () => {
    expect(problems(prod.replace("- name: ado-mcp-token", "- name: github-mcp-token"))).toEqual(['aws/stages/prod.yaml: secrets: "github-mcp-token" listed twice; give each secret once']);
    expect(() => loadStageConfig("qa")).toThrow('stage "qa" is not a stage; allowed dev, staging, prod (--stage for npm run synth, -c mcp-guard:stage= for cdk)');
  });
});

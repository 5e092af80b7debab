import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readProjectFile, readStackConfig } from "../src/plan/projectFiles";
import { ROOT } from "./helpers";

const project = readProjectFile(ROOT);
const stackFile = (body: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-esc-"));
  const file = path.join(dir, "Pulumi.dev.yaml");
  fs.writeFileSync(file, body);
  return file;
};
const ESC_STACK = "environment:\n  - contoso/mcp-dev\nconfig:\n  mcp-guard:environment: dev\n";

describe("a stack that imports a Pulumi ESC environment, planned offline", () => {
  it("says the ESC values are not available offline and how to give them, instead of 'alertEmails is required'", () => {
    expect(() => readStackConfig(project, stackFile(ESC_STACK), undefined, {})).toThrow(
      /imports the Pulumi ESC environment contoso\/mcp-dev, whose values are not available offline, and mcp-guard:alertEmails, mcp-guard:gatewayAuthTenantId, mcp-guard:gatewayAuthClientId are not set; supply them with --config-file <a stack file with every value> or PULUMI_CONFIG='\{"mcp-guard:alertEmails": \.\.\.\}'/,
    );
  });

  it("takes the missing values from PULUMI_CONFIG, as the Pulumi CLI hands config to a program", () => {
    const cfg = readStackConfig(project, stackFile(ESC_STACK), undefined, {
      PULUMI_CONFIG: JSON.stringify({ "mcp-guard:alertEmails": ["soc@contoso.com"], "mcp-guard:gatewayAuthTenantId": "72f988bf-0000-4000-8000-00000000c0de", "mcp-guard:gatewayAuthClientId": "3b1f0c2e-8d4a-4f6b-9e21-7c5a0d9e4b13" }),
    });
    expect(JSON.parse(cfg.values["mcp-guard:alertEmails"])).toEqual(["soc@contoso.com"]);
    expect(cfg.values["mcp-guard:environment"]).toBe("dev");
  });

  it("refuses a PULUMI_CONFIG that is not a JSON map, naming it", () => {
    expect(() => readStackConfig(project, stackFile(ESC_STACK), undefined, { PULUMI_CONFIG: "alertEmails=x" })).toThrow("PULUMI_CONFIG is not JSON; set it to a map of config keys to values");
  });

  it("leaves stacks without ESC as they were", () => {
    const cfg = readStackConfig(project, path.join(ROOT, "stacks/Pulumi.dev.yaml"), undefined, { PULUMI_CONFIG: JSON.stringify({ "mcp-guard:alertEmails": ["x@contoso.com"] }) });
    expect(JSON.parse(cfg.values["mcp-guard:alertEmails"])).toEqual(["platform-dev@contoso.com"]);
  });
});

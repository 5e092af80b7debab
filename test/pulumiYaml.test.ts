import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { configDocs, configShape } from "../src/config";
import { ROOT } from "./helpers";

const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));

describe("Pulumi.yaml", () => {
  it("is the mcp-guard TypeScript project with its stacks in stacks/", () => {
    expect(project.name).toBe("mcp-guard");
    expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: true } });
    expect(project.stackConfigDir).toBe("stacks");
  });

  it("declares exactly the keys Pulumi can type, with the schema's type, description and default", () => {
    const expected: Record<string, unknown> = {};
    for (const [key, doc] of Object.entries(configDocs)) {
      if (!doc.pulumiType) continue;
      if (doc.default !== undefined && !("value" in doc.default)) continue;
      expected[`mcp-guard:${key}`] = {
        type: doc.pulumiType,
        ...(doc.pulumiType === "array" ? { items: { type: "string" } } : {}),
        description: expect.stringContaining(doc.description.slice(0, 30)),
        ...(doc.default && "value" in doc.default ? { default: doc.default.value } : {}),
        ...(doc.secret ? { secret: true } : {}),
      };
    }
    expect(project.config).toEqual(expected);
  });

  it("documents every schema key", () => {
    expect(Object.keys(configDocs).sort()).toEqual(Object.keys(configShape).sort());
  });
});

describe("README config reference", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  it.each(Object.keys(configDocs))("lists %s", (key) => {
    expect(readme).toContain(`| \`${key}\` |`);
  });
});

import * as fs from "node:fs";
import * as path from "node:path";
import { GENERATED_DOCS, readmeSections, renderReadme } from "../scripts/generate-docs";
import { planStack, ROOT } from "./helpers";

describe("generated documentation (npm run docs)", () => {
  it("README's query and alert tables match queries/ and alerts/", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toBe(renderReadme(readme, readmeSections()));
  });

  it("lists every query and every alert by file", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const f of fs.readdirSync(path.join(ROOT, "queries")).filter((x) => x.endsWith(".kql"))) expect(readme).toContain(`](queries/${f})`);
    for (const f of fs.readdirSync(path.join(ROOT, "alerts")).filter((x) => x.endsWith(".yaml"))) expect(readme).toContain(`](alerts/${f})`);
  });

  it.each(Object.entries(GENERATED_DOCS))("%s is current", (file, render) => {
    expect(fs.readFileSync(path.join(ROOT, file), "utf8")).toBe(render());
  });

  it("documents exactly the stack outputs the program exports", async () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("## Stack outputs"), readme.indexOf("## Versioning"));
    const documented = [...table.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys((await planStack("prod")).outputs).sort());
  });

  it("refuses a README without a generated section's markers", () => {
    expect(() => renderReadme("# x\n", { alerts: "" })).toThrow("README.md has no <!-- alerts:start --> ... <!-- alerts:end --> section");
  });
});

import * as fs from "node:fs";
import * as path from "node:path";
import { policyFigures } from "../../scripts/generate-docs";
import { CHECKLIST } from "../../src/policy/checklist";
import { coverage, OTHERWISE } from "../../src/policy/coverage";
import { ALL_RULES } from "../../src/policy/rules";
import { STACK_RULES } from "../../src/policy/stackRules";
import { ROOT } from "../helpers";

describe("checklist coverage", () => {
  it("every row, every must row included, has a rule or a written explanation", () => {
    const open = coverage().filter((s) => "rules" in s && s.rules.length === 0).map((s) => s.row.id);
    expect(open).toEqual([]);
    for (const s of coverage()) if (s.row.severity === "must" && "otherwise" in s) expect(s.otherwise.length).toBeGreaterThan(30);
  });

  it("explains no row twice: an explanation for a row that has a rule is stale", () => {
    const ruled = new Set([...ALL_RULES, ...STACK_RULES].map((r) => r.id));
    expect(Object.keys(OTHERWISE).filter((id) => ruled.has(id))).toEqual([]);
    expect(Object.keys(OTHERWISE).filter((id) => !CHECKLIST.some((c) => c.id === id))).toEqual([]);
  });

  it("rule ids are unique across resource and stack rules", () => {
    const ids = [...ALL_RULES, ...STACK_RULES].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("the README reports the figures", () => {
    const f = policyFigures();
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toContain(`${f.rules} rules (${f.resourceRules} on single resources, ${f.stackRules} on relations)`);
    expect(readme).toContain(`implement ${f.covered} of the ${f.rows} checklist rows`);
    expect(readme).toContain(`the other ${f.otherwise} are handled otherwise`);
  });
});

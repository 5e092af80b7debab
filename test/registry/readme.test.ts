import * as fs from "node:fs";
import * as path from "node:path";
import { REGISTRY_CHECKS } from "../../src/registry/checks";
import { REVIEW_CHECKLIST } from "../../src/registry/schema";
import { ROOT } from "../helpers";

const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

describe("the README's approval registry section", () => {
  it.each(REVIEW_CHECKLIST.flatMap((s) => s.items.map((i) => [s.title, i.text, i.level] as const)))("lists %s / %s as %s", (section, item, level) => {
    expect(readme).toMatch(new RegExp(`^\\| ${section.replace(/[.&]/g, "\\$&")} \\| ${item.replace(/[()]/g, "\\$&")} \\| ${level}( \\(n-a for [^|]+\\))? \\|$`, "m"));
  });

  it.each(REGISTRY_CHECKS.map((c) => [c.id, c.severity] as const))("lists %s with its severity", (id, severity) => {
    expect(readme).toMatch(new RegExp(`^\\| ${id} \\| ${severity} \\| `, "m"));
  });

  it("lists the catalog linkage checks", () => {
    expect(readme).toMatch(/^\| REG-13 \| error \| /m);
    expect(readme).toMatch(/^\| REG-14 \| warning \| /m);
  });
});

import * as fs from "node:fs";
import * as path from "node:path";
import { loadAlertFiles } from "../../src/kql/alerts";
import { loadQueryCatalog } from "../../src/kql/catalog";
import { ALERTS_DIR, QUERIES_DIR, REPO_ROOT } from "../src/paths";
import { portTables, TABLE_END, TABLE_START, withTables } from "../src/portTable";

const catalog = loadQueryCatalog(QUERIES_DIR);
const tables = portTables(catalog, loadAlertFiles(ALERTS_DIR, catalog));

describe("the README's AWS port tables", () => {
  it("are current (npm run docs -w aws rewrites them)", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    expect(withTables(readme, tables)).toBe(readme);
  });

  it("list every catalog query and every alert, the make-series ones as not portable", () => {
    for (const q of catalog) expect(tables).toContain(`| \`${q.name}\` |`);
    expect(tables).toContain("| `mcp-user-anomalies` | cannot | 0 |");
    expect(tables).toContain("| `alert-mcp-user-anomaly` | not expressed |");
  });

  it("refuses a README without the markers", () => {
    expect(withTables("# no markers", tables)).toBeUndefined();
    expect(withTables(`${TABLE_START}\nold\n${TABLE_END}`, "new")).toBe("new");
  });
});

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyzeCached } from "../../src/kql/analysisCache";
import { ROOT } from "../helpers";

/** Checks the whole catalog and every alert in a fresh process, as `mcp-guard validate` does, and says whether Kusto.Language was loaded. */
function validateInFreshProcess(cache: string): { problems: string; kustoLoaded: boolean } {
  const script = `
    const { loadQueryCatalog } = require("./src/kql/catalog");
    const { loadCheckedAlerts } = require("./src/kql/alertLint");
    const queries = loadQueryCatalog("queries");
    const { warnings } = loadCheckedAlerts("alerts", queries);
    process.stdout.write(JSON.stringify({ problems: JSON.stringify([queries.length, warnings]), kustoLoaded: typeof globalThis.Kusto !== "undefined" }));`;
  const out = execFileSync(process.execPath, ["--require", "tsx/cjs", "-e", script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, MCP_GUARD_CACHE: cache } });
  return JSON.parse(out);
}

describe("the KQL analysis cache", () => {
  let cache: string;
  beforeEach(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-kql-"));
  });
  afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));

  it("a warm run checks every query and alert without loading Kusto.Language, with the same result as a cold one", () => {
    const cold = validateInFreshProcess(cache);
    expect(cold.kustoLoaded).toBe(true);
    expect(fs.readdirSync(path.join(cache, "kql")).length).toBeGreaterThan(15);
    const warm = validateInFreshProcess(cache);
    expect(warm).toEqual({ problems: cold.problems, kustoLoaded: false });
  });

  it("keys on the schema and the text: a new column or an edited query is analysed afresh", () => {
    process.env.MCP_GUARD_CACHE = cache;
    try {
      const schema = { tables: [{ name: "T", columns: [{ name: "A", type: "string" as const }] }] };
      expect(analyzeCached("T | project B", schema).diagnostics.map((d) => d.code)).toEqual(["KS142"]);
      const wider = { tables: [{ name: "T", columns: [...schema.tables[0].columns, { name: "B", type: "string" as const }] }] };
      expect(analyzeCached("T | project B", wider).diagnostics).toEqual([]);
      expect(analyzeCached("T | project A", schema).diagnostics).toEqual([]);
      expect(fs.readdirSync(path.join(cache, "kql"))).toHaveLength(3);
    } finally {
      delete process.env.MCP_GUARD_CACHE;
    }
  });

  it("a damaged cache file is a miss, not a wrong answer", () => {
    process.env.MCP_GUARD_CACHE = cache;
    try {
      const schema = { tables: [{ name: "U", columns: [{ name: "A", type: "string" as const }] }] };
      analyzeCached("U | where A == 'x' | project Z", schema);
      const [file] = fs.readdirSync(path.join(cache, "kql"));
      fs.writeFileSync(path.join(cache, "kql", file), '{"diagnostics": [');
      jest.isolateModules(() => {
        const fresh: typeof import("../../src/kql/analysisCache") = jest.requireActual("../../src/kql/analysisCache");
        expect(fresh.analyzeCached("U | where A == 'x' | project Z", schema).diagnostics.map((d) => d.code)).toEqual(["KS142"]);
      });
    } finally {
      delete process.env.MCP_GUARD_CACHE;
    }
  });
});

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseServerFile } from "../src/registry/load";
import { ROOT } from "./helpers";

/*
 * Server files' values come from the on-disk cache when their text was parsed before (src/yamlFile.ts):
 * a cached parse must give what a fresh one gives, problems and their lines included, and a damaged
 * cache file must be a miss, never a wrong answer.
 */
const github = fs.readFileSync(path.join(ROOT, "servers", "github.yaml"), "utf8");
let cache: string;
let previous: string | undefined;

beforeEach(() => {
  previous = process.env.MCP_GUARD_CACHE;
  cache = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-yaml-"));
  process.env.MCP_GUARD_CACHE = cache;
});

afterEach(() => {
  if (previous === undefined) delete process.env.MCP_GUARD_CACHE;
  else process.env.MCP_GUARD_CACHE = previous;
  fs.rmSync(cache, { recursive: true, force: true });
});

const withoutLocator = (r: ReturnType<typeof parseServerFile>) => ({ problems: r.problems, server: r.server && { ...r.server, lineOf: undefined } });

describe("the parsed YAML cache", () => {
  it("a second parse of the same text takes its value from the cache and gives the same entry", () => {
    const cold = parseServerFile("servers/github.yaml", github);
    const files = fs.readdirSync(path.join(cache, "yaml"));
    expect(files).toHaveLength(1);
    const warm = parseServerFile("servers/github.yaml", github);
    expect(withoutLocator(warm)).toEqual(withoutLocator(cold));
    expect(warm.problems).toEqual([]);
    // Proof the value is read, not parsed again: a value planted under the text's key is what comes back.
    const stored = path.join(cache, "yaml", files[0]);
    fs.writeFileSync(stored, fs.readFileSync(stored, "utf8").replace('"version":"', '"version":"9'));
    expect(parseServerFile("servers/github.yaml", github).server?.version).toBe(`9${cold.server?.version}`);
  });

  it("a problem found in a cached value is located at the line a fresh parse gives", () => {
    const renamed = github.replace("name: github\n", "name: git-hub\n");
    const cold = parseServerFile("servers/github.yaml", renamed);
    const warm = parseServerFile("servers/github.yaml", renamed);
    const line = renamed.split("\n").indexOf("name: git-hub") + 1;
    expect(warm.problems).toEqual(cold.problems);
    expect(warm.problems).toEqual([expect.stringMatching(new RegExp(`^servers/github.yaml:${line}: name: "git-hub" must equal the file name`))]);
    const entry = parseServerFile("servers/github.yaml", github);
    const again = parseServerFile("servers/github.yaml", github);
    expect(again.server?.lineOf(["review", "decision"])).toBe(entry.server?.lineOf(["review", "decision"]));
    expect(again.server?.lineOf(["review", "decision"])).toBe(github.split("\n").findIndex((l) => l.startsWith("  decision:")) + 1);
  });

  it("a damaged cache file is a miss, and a file with YAML problems is never cached", () => {
    parseServerFile("servers/github.yaml", github);
    const [file] = fs.readdirSync(path.join(cache, "yaml"));
    fs.writeFileSync(path.join(cache, "yaml", file), '{"value": {"name": "gith');
    expect(parseServerFile("servers/github.yaml", github).server?.name).toBe("github");
    const duplicate = `${github}name: other\n`;
    expect(parseServerFile("servers/github.yaml", duplicate).problems).toEqual([expect.stringMatching(/^servers\/github.yaml:\d+:\d+: Map keys must be unique/)]);
    expect(fs.readdirSync(path.join(cache, "yaml"))).toHaveLength(1);
  });
});

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseServerFile } from "../src/registry/load";
import { parseYaml, parseYamlValues } from "../src/yamlFile";
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

describe("a directory's values in one cache file", () => {
  const dir = path.join(ROOT, "servers");
  const texts = () => fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().map((f) => ({ file: `servers/${f}`, src: fs.readFileSync(path.join(dir, f), "utf8") }));
  const slotFiles = () => fs.readdirSync(path.join(cache, "yaml")).filter((f) => fs.readFileSync(path.join(cache, "yaml", f), "utf8").startsWith('{"content"'));

  it("is read instead of one file per text, and gives what parsing each file gives", () => {
    const files = texts();
    const cold = parseYamlValues(dir, files);
    expect(cold.map((y) => y.value)).toEqual(files.map((f) => parseYaml(f.file, f.src).value));
    const [slot] = slotFiles();
    expect(slotFiles()).toHaveLength(1);
    // Proof the one file is what is read: a value planted in it comes back, and the per-file values are not needed.
    const stored = path.join(cache, "yaml", slot);
    fs.writeFileSync(stored, fs.readFileSync(stored, "utf8").replaceAll('"name":"', '"name":"9'));
    for (const f of fs.readdirSync(path.join(cache, "yaml"))) if (f !== slot) fs.rmSync(path.join(cache, "yaml", f));
    const warm = parseYamlValues(dir, files);
    expect(warm.map((y) => (y.value as { name: string }).name)).toEqual(files.map((f) => `9${f.file.slice("servers/".length, -".yaml".length)}`));
    // A field is still located from the text.
    expect(warm[0].located().doc?.get("name")).toBe(cold[0].located().doc?.get("name"));
  });

  it("misses when any text changed, and is replaced, not added to", () => {
    const files = texts();
    parseYamlValues(dir, files);
    const edited = files.map((f, i) => (i === 0 ? { ...f, src: f.src.replace(/^version: .*$/m, "version: 9.9.9") } : f));
    expect((parseYamlValues(dir, edited)[0].value as { version: string }).version).toBe("9.9.9");
    expect(slotFiles()).toHaveLength(1);
    expect((parseYamlValues(dir, files)[0].value as { version: string }).version).not.toBe("9.9.9");
  });

  it("is not written while a file has problems, and a damaged one is a miss", () => {
    const files = texts();
    const broken = files.map((f, i) => (i === 0 ? { ...f, src: `${f.src}name: other\n` } : f));
    expect(parseYamlValues(dir, broken)[0].problems).toEqual([expect.stringMatching(/Map keys must be unique/)]);
    expect(slotFiles()).toHaveLength(0);
    parseYamlValues(dir, files);
    const [slot] = slotFiles();
    fs.writeFileSync(path.join(cache, "yaml", slot), '{"content": "x", "values": [');
    expect(parseYamlValues(dir, files).map((y) => y.value)).toEqual(files.map((f) => parseYaml(f.file, f.src).value));
  });
});

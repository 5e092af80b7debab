import * as fs from "node:fs";
import * as path from "node:path";
import { approvedFor, enabledIn, loadRegistry, parseServerFile, requireRegistry } from "../../src/registry/load";
import { ROOT } from "../helpers";

const SERVERS = path.join(ROOT, "servers");
const github = fs.readFileSync(path.join(SERVERS, "github.yaml"), "utf8");

describe("the server registry loader", () => {
  it("loads the four shipped servers without a problem", () => {
    const registry = loadRegistry(SERVERS);
    expect(registry.problems).toEqual([]);
    expect(registry.servers.map((s) => s.name)).toEqual(["azure-devops", "database", "filesystem", "github"]);
  });

  it("picks the servers approved and enabled in an environment", () => {
    const servers = requireRegistry(SERVERS);
    expect(approvedFor(servers, "prod").map((s) => s.name)).toEqual(["azure-devops", "github"]);
    expect(approvedFor(servers, "staging").map((s) => s.name)).toEqual(["azure-devops", "database", "github"]);
    expect(enabledIn(servers, "dev").map((s) => s.name)).toEqual(["azure-devops", "database", "filesystem", "github"]);
  });

  it("locates a bad answer at its line, with the field path and what is allowed", () => {
    const bad = github.replace('sourceReviewed: { answer: yes', "sourceReviewed: { answer: maybe");
    const line = bad.split("\n").findIndex((l) => l.includes("answer: maybe")) + 1;
    expect(parseServerFile("servers/github.yaml", bad).problems).toEqual([`servers/github.yaml:${line}: review.checklist.sourceCode.sourceReviewed.answer: "maybe" is not allowed; allowed yes, no, n-a`]);
  });

  it("locates an unknown field at its own line", () => {
    const bad = github.replace("kind: github\n", "kind: github\nowner: me\n");
    const line = bad.split("\n").indexOf("owner: me") + 1;
    expect(parseServerFile("servers/github.yaml", bad).problems).toEqual([expect.stringMatching(new RegExp(`^servers/github.yaml:${line}: owner: unknown field "owner"; allowed name, description, kind,`))]);
  });

  it("refuses a missing checklist item, naming it", () => {
    const bad = github.replace(/\n\s+noDataLeakage: .*/, "");
    expect(parseServerFile("servers/github.yaml", bad).problems).toEqual([expect.stringMatching(/^servers\/github.yaml:\d+: review.checklist.testing.noDataLeakage: is required$/)]);
  });

  it("refuses a name that is not the file's", () => {
    expect(parseServerFile("servers/gh.yaml", github).problems).toEqual(['servers/gh.yaml:3: name: "github" must equal the file name; rename the file to servers/github.yaml or set name: gh']);
  });

  it("says what is missing when there is no servers/ directory", () => {
    expect(() => requireRegistry(path.join(ROOT, "no-such-dir"))).toThrow('servers: no such directory; allowed one reviewed server per file, servers/<name>.yaml (README "The approval registry")');
  });
});

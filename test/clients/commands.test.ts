import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, runCli } from "../helpers";

const FIXTURES = path.join(__dirname, "fixtures");

/** A copy of the project's registry and stacks, to change one thing in. */
function projectCopy(edit: (dir: string) => void = () => undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-clients-"));
  for (const f of ["Pulumi.yaml", "index.ts", "stacks", "servers"]) fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  edit(dir);
  return dir;
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-out-"));

describe("client-config", () => {
  it.each(["dev", "staging", "prod"])("writes %s's approved servers, which lint clean against that stack, in both formats", async (stack) => {
    for (const [format, file] of [["cursor", "mcp.json"], ["vscode", ".vscode/mcp.json"]]) {
      const out = path.join(tmp(), file);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      const w = await runCli("client-config", "--stack", stack, "--format", format, "--out", out, "--cwd", ROOT);
      expect(w.code).toBe(0);
      const lint = await runCli("lint-client-config", out, "--stack", stack, "--cwd", ROOT);
      expect(lint.out).toMatch(/: 0 error\(s\), 0 warning\(s\)\n$/);
      expect(lint.code).toBe(0);
    }
  });

  it("puts stdio credentials in as references and remote servers behind the gateway; prod has only what prod enables", async () => {
    const r = await runCli("client-config", "--stack", "prod", "--cwd", ROOT);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc.mcpServers)).toEqual(["azure-devops", "github"]);
    expect(doc.mcpServers.github.env).toEqual({ GITHUB_ORG: "contoso", GITHUB_TOKEN: "${env:GITHUB_TOKEN}" });
    const dev = JSON.parse((await runCli("client-config", "--stack", "dev", "--cwd", ROOT)).out);
    expect(dev.mcpServers.database.url).toMatch(/^https:\/\/app-cursor-mcp-gateway-dev-[0-9a-f]{4}\.azurewebsites\.net\/mcp\/database$/);
    expect(JSON.stringify(dev)).not.toContain("mcp.contoso.com");
  });

  it("a server enabled after review shows up; --server narrows; an unapproved --server is a one-line error", async () => {
    const enable = (server: string, env: string) =>
      projectCopy((d) => {
        const f = path.join(d, "servers", `${server}.yaml`);
        fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace(new RegExp(`^ {2}${env}: false$`, "m"), `  ${env}: true`));
      });
    expect(Object.keys(JSON.parse((await runCli("client-config", "--stack", "staging", "--cwd", enable("filesystem", "staging"))).out).mcpServers)).toEqual(["azure-devops", "database", "filesystem", "github"]);
    // The registry's checks run first, as in `plan`: the guide keeps database servers out of prod.
    const prodDb = await runCli("client-config", "--stack", "prod", "--cwd", enable("database", "prod"));
    expect(prodDb.code).toBe(1);
    expect(prodDb.err).toMatch(/^error: invalid server registry\n {2}servers\/database\.yaml:\d+: environments\.prod: .*\(REG-08\)\n$/);
    expect(Object.keys(JSON.parse((await runCli("client-config", "--stack", "prod", "--server", "github", "--cwd", ROOT)).out).mcpServers)).toEqual(["github"]);
    const bad = await runCli("client-config", "--stack", "prod", "--server", "filesystem", "--cwd", ROOT);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe("error: cannot write the client config\n  --server filesystem: not approved and enabled in prod (servers/filesystem.yaml); allowed azure-devops, github\n");
    expect((await runCli("client-config", "--stack", "prod", "--format", "claude", "--cwd", ROOT)).err).toBe('error: --format "claude" is not allowed; allowed cursor, vscode\n');
  });
});

describe("lint-client-config", () => {
  it("exits 1 on an error-level finding with one located line each, 0 on warnings only", async () => {
    const r = await runCli("lint-client-config", path.join(FIXTURES, "guide-shared-http.cursor.json"), "--cwd", ROOT);
    expect(r.code).toBe(1);
    expect(r.out.split("\n")[0]).toBe(
      'test/clients/fixtures/guide-shared-http.cursor.json:3:5: error MCPC-02 mcpServers.shared-github: "shared-github" is not in the approval registry; fix: remove it, or propose servers/shared-github.yaml for review (README "The approval registry")',
    );
    const warnOnly = path.join(tmp(), "mcp.json");
    fs.writeFileSync(warnOnly, '{ "mcpServers": { "filesystem": { "command": "node", "args": ["/usr/local/lib/mcp-servers/fs-readonly/0.9.2/server.js"], "env": { "ALLOWED_PATHS": "/workspace/docs", "BLOCKED_PATTERNS": "*.env" } } } }');
    const w = await runCli("lint-client-config", warnOnly, "--cwd", ROOT);
    expect(w.out).toMatch(/warning MCPC-05 .*\n1 file\(s\), 1 server\(s\): 0 error\(s\), 1 warning\(s\)\n$/);
    expect(w.code).toBe(0);
  });

  it("--format sarif prints SARIF 2.1.0 and keeps the exit code", async () => {
    const r = await runCli("lint-client-config", path.join(FIXTURES, "claude_desktop_config.json"), "--format", "sarif", "--cwd", ROOT);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.out);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("test/clients/fixtures/claude_desktop_config.json");
  });

  it("a missing file is a one-line usage error", async () => {
    const r = await runCli("lint-client-config", "nope/mcp.json", "--cwd", ROOT);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: .*nope\/mcp\.json does not exist\n$/);
  });
});

describe("registry export", () => {
  it("writes the v0.1 list and a server.json per approved server enabled in the stack, remote ones behind its gateway", async () => {
    const out = tmp();
    const r = await runCli("registry", "export", "--stack", "staging", "--out", out, "--cwd", ROOT);
    expect(r.code).toBe(0);
    const list = JSON.parse(fs.readFileSync(path.join(out, "v0.1/servers/index.json"), "utf8"));
    expect(list.servers.map((s: { server: { name: string } }) => s.server.name)).toEqual(["com.contoso/azure-devops", "com.contoso/database", "com.contoso/github"]);
    const db = JSON.parse(fs.readFileSync(path.join(out, "v0.1/servers/com.contoso/database/versions/latest/index.json"), "utf8"));
    expect(db.server.remotes[0].url).toMatch(/^https:\/\/app-cursor-mcp-gateway-staging-[0-9a-f]{4}\.azurewebsites\.net\/mcp\/database$/);
    expect(db._meta["io.modelcontextprotocol.registry/official"]).toEqual({ status: "active", publishedAt: "2026-11-18T00:00:00Z", updatedAt: "2026-11-18T00:00:00Z", isLatest: true });
  });

  it("a rejected server is not exported, and an earlier export's files do not linger", async () => {
    const out = tmp();
    await runCli("registry", "export", "--out", out, "--cwd", ROOT);
    expect(fs.existsSync(path.join(out, "v0.1/servers/com.contoso/filesystem/versions/latest/index.json"))).toBe(true);
    const dir = projectCopy((d) => {
      const f = path.join(d, "servers", "filesystem.yaml");
      const text = fs.readFileSync(f, "utf8").replace(/^ {2}decision: approved-with-conditions$/m, "  decision: rejected").replace(/^( {2}dev| {2}staging| {2}prod): true$/gm, "$1: false");
      fs.writeFileSync(f, text);
    });
    const r = await runCli("registry", "export", "--out", out, "--cwd", dir);
    expect(r.err).toBe("note: database is a remote server, published without remotes[]: give --stack so they point at that stack's gateway\n");
    expect(fs.existsSync(path.join(out, "v0.1/servers/com.contoso/filesystem"))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(out, "v0.1/servers/index.json"), "utf8")).metadata).toEqual({ count: 3 });
  });

  it("refuses a namespace that is not reverse DNS", async () => {
    const r = await runCli("registry", "export", "--out", tmp(), "--namespace", "contoso", "--cwd", ROOT);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: --namespace "contoso" is not a reverse-DNS name; allowed your organisation\'s domain reversed, such as com.contoso\n');
  });
});

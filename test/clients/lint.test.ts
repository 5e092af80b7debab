import * as fs from "node:fs";
import * as path from "node:path";
import { renderClientConfig } from "../../src/clients/clientConfig";
import { Finding, LINT_RULES, lintClientConfig, LintContext, LintRegistryServer, renderFindingsText } from "../../src/clients/lint";
import { renderSarif, SARIF_SCHEMA } from "../../src/clients/sarif";
import { seeded } from "../../src/detections/random";

const FIXTURES = path.join(__dirname, "fixtures");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");

const everywhere = { dev: true, staging: true, prod: true };
const stdio = { type: "stdio" } as const;
const REGISTRY: LintRegistryServer[] = [
  { name: "github", kind: "github", package: "@contoso/mcp-github", version: "1.4.2", transport: stdio, environments: everywhere, review: { decision: "approved" } },
  { name: "azure-devops", kind: "azure-devops", transport: stdio, environments: { dev: true, staging: true, prod: false }, review: { decision: "approved-with-conditions" } },
  { name: "filesystem", kind: "filesystem", transport: stdio, environments: everywhere, review: { decision: "approved" } },
  { name: "database", kind: "database", transport: stdio, environments: { dev: true, staging: false, prod: false }, review: { decision: "approved" } },
  { name: "jira", kind: "other", transport: { type: "streamable-http" }, environments: everywhere, review: { decision: "approved" } },
  { name: "shadow-fs", kind: "filesystem", transport: stdio, environments: { dev: false, staging: false, prod: false }, review: { decision: "rejected" } },
];
const GATEWAY = "https://app-cursor-mcp-gateway-prod-1a2b.azurewebsites.net/mcp";
const CTX: LintContext = { registry: REGISTRY };
const PROD: LintContext = { registry: REGISTRY, stack: { name: "prod", environment: "prod", gatewayUrl: GATEWAY } };

const lint = (file: string, text: string, ctx: LintContext = CTX) => lintClientConfig(file, text, ctx).findings;
const ids = (fs_: Finding[]) => fs_.map((f) => `${f.rule.id}@${f.line}:${f.col}`);
const cursor = (servers: Record<string, unknown>) => JSON.stringify({ mcpServers: servers }, null, 2);

/** A token-shaped value drawn from a seeded generator, so no real-looking credential sits in the repository. */
function fakeToken(prefix: string, length: number, seed: number): string {
  const rand = seeded(seed);
  const alphabet = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"];
  return prefix + Array.from({ length }, () => rand.pick(alphabet)).join("");
}

describe("lint-client-config on the guide's own examples (JSONC, `// From Key Vault` comments)", () => {
  it("reads the comments as Cursor does and finds only the guide's `${GITHUB_PAT}`, which Cursor does not interpolate", () => {
    const f = lint("guide-github.cursor.json", fixture("guide-github.cursor.json"));
    expect(renderFindingsText(f)).toBe(
      "guide-github.cursor.json:7:25: warning MCPC-08 mcpServers.github.GITHUB_TOKEN: ${GITHUB_PAT} is not interpolated by Cursor; the server receives the literal text; fix: write ${env:GITHUB_PAT}\n",
    );
  });

  it("passes the guide's file-system and database examples (allowlist, blocklist, read-replica, row limit, timeout)", () => {
    expect(lint("fs.json", fixture("guide-filesystem.cursor.json"))).toEqual([]);
    expect(lint("db.json", fixture("guide-database.cursor.json")).filter((x) => x.rule.id !== "MCPC-08")).toEqual([]);
  });

  it("flags the shared HTTP example: a server the registry does not know, and its uninterpolated token reference", () => {
    expect(ids(lint("http.json", fixture("guide-shared-http.cursor.json")))).toEqual(["MCPC-02@3:5", "MCPC-08@8:18"]);
  });

  it("azure-devops is approved with conditions: allowed in staging, not enabled in prod", () => {
    const text = fixture("guide-azure-devops.cursor.json");
    expect(lint("ado.json", text, { ...PROD, stack: { ...PROD.stack!, name: "staging", environment: "staging" } }).filter((x) => x.rule.id === "MCPC-03")).toEqual([]);
    const prod = lint("ado.json", text, PROD).filter((x) => x.rule.id === "MCPC-03");
    expect(prod.map((x) => x.message)).toEqual(['mcpServers.azure-devops: "azure-devops" is not enabled in prod (servers/azure-devops.yaml environments.prod: false)']);
    expect(prod[0].level).toBe("error");
  });

  it("Claude Desktop does not interpolate at all; unpinned npx servers fail; a file-system server without the blocklist warns", () => {
    const f = lint("claude_desktop_config.json", fixture("claude_desktop_config.json"));
    expect(ids(f)).toEqual(["MCPC-07@5:22", "MCPC-08@6:48", "MCPC-05@8:5", "MCPC-07@10:22"]);
    expect(f.find((x) => x.rule.id === "MCPC-05")?.message).toBe("mcpServers.filesystem: the blocklist does not cover *.env, *.key, *.pem, secrets/*");
    expect(f.find((x) => x.line === 10)?.message).toBe("mcpServers.filesystem: fetches @modelcontextprotocol/server-filesystem@latest, a tag or range rather than an exact version");
  });

  it("accepts a VS Code file with trailing commas, a comment and a password input", () => {
    const f = lintClientConfig(".vscode/mcp.json", fixture("vscode/.vscode/mcp.json"), CTX);
    expect(f).toEqual({ findings: [], servers: 1 });
  });
});

describe("each rule both ways", () => {
  const github = { command: "npx", args: ["-y", "@contoso/mcp-github@1.4.2"], env: { GITHUB_TOKEN: "${env:GITHUB_TOKEN}" } };

  it("MCPC-00: a file that does not parse", () => {
    expect(ids(lint("x.json", '{ "mcpServers": { "github": { "command": "node" }'))).toEqual(["MCPC-00@1:50"]);
    expect(lint("x.json", cursor({ github }))).toEqual([]);
  });

  it("MCPC-01: token-shaped strings anywhere, and literal values in credential variables, never quoting them", () => {
    const ghp = fakeToken("ghp_", 36, 1);
    const pat = fakeToken("github_pat_", 60, 2);
    const text = cursor({
      github: { ...github, env: { GITHUB_TOKEN: ghp } },
      jira: { url: `${GATEWAY}/jira`, headers: { Authorization: `Bearer ${fakeToken("", 24, 3)}` } },
      filesystem: { command: "node", args: ["/srv/fs.js", `--token=${pat}`], env: { ALLOWED_PATHS: "/workspace/docs", BLOCKED_PATTERNS: "*.env,*.key,*.pem,secrets/*", API_KEY: "hunter2hunter2" } },
    });
    const f = lint("x.json", text).filter((x) => x.rule.id === "MCPC-01");
    expect(f.map((x) => x.message)).toEqual([
      "mcpServers.github.GITHUB_TOKEN holds what looks like a GitHub token in plain text (the value is not shown)",
      "mcpServers.jira.Authorization holds what looks like a bearer token in plain text (the value is not shown)",
      "mcpServers.filesystem.args holds what looks like a GitHub token in plain text (the value is not shown)",
      "mcpServers.filesystem.API_KEY is a credential variable with a literal value (the value is not shown)",
    ]);
    expect(renderFindingsText(f)).not.toContain(ghp.slice(4, 20));
    expect(renderFindingsText(f)).not.toContain(pat.slice(11, 30));
    expect(renderFindingsText(f)).not.toContain("hunter2");
    expect(lint("x.json", cursor({ github, jira: { url: `${GATEWAY}/jira`, headers: { Authorization: "Bearer ${env:MCP_AUTH_TOKEN}" } } }))).toEqual([]);
  });

  it("MCPC-02 / MCPC-03: unknown and rejected servers fail everywhere; a disabled one only in its environment", () => {
    expect(ids(lint("x.json", cursor({ "random-mcp": { command: "node", args: ["/opt/x.js"] } })))).toEqual(["MCPC-02@3:5"]);
    expect(lint("x.json", cursor({ "shadow-fs": { command: "node", args: ["/opt/fs.js", "/workspace/docs"], env: { BLOCKED_PATTERNS: "*.env,*.key,*.pem,secrets/*" } } })).map((x) => x.message)).toEqual([
      'mcpServers.shadow-fs: "shadow-fs" was rejected in review (servers/shadow-fs.yaml)',
    ]);
    const db = { database: JSON.parse(fixture("guide-database.cursor.json").replace(/\/\/.*$/gm, "")).mcpServers.database };
    expect(lint("x.json", cursor(db), PROD).map((x) => x.rule.id)).toContain("MCPC-03");
    expect(lint("x.json", cursor(db), { ...PROD, stack: { ...PROD.stack!, name: "dev", environment: "dev" } }).map((x) => x.rule.id)).not.toContain("MCPC-03");
  });

  it("MCPC-04: plain http and TLS below 1.3", () => {
    expect(lint("x.json", cursor({ jira: { url: "http://mcp.contoso.com/jira" } })).map((x) => `${x.rule.id} ${x.message}`)).toEqual(["MCPC-04 mcpServers.jira.url uses plain http://"]);
    expect(lint("x.json", cursor({ jira: { url: "https://mcp.contoso.com/jira", tls: { minVersion: "TLSv1.2" } } })).map((x) => x.message)).toEqual(["mcpServers.jira.tls.minVersion is TLSv1.2"]);
    expect(lint("x.json", cursor({ jira: { url: "https://mcp.contoso.com/jira", tls: { minVersion: "TLSv1.3" } } }))).toEqual([]);
  });

  it("MCPC-05: no allowlist, the whole disk, or a short blocklist", () => {
    const blocks = { BLOCKED_PATTERNS: "*.env,*.key,*.pem,secrets/*" };
    expect(lint("x.json", cursor({ filesystem: { command: "node", args: ["/opt/fs.js"], env: blocks } })).map((x) => x.message)).toEqual(["mcpServers.filesystem: a file-system server without a directory allowlist"]);
    expect(lint("x.json", cursor({ filesystem: { command: "node", args: ["/opt/fs.js"], env: { ...blocks, ALLOWED_PATHS: "/" } } })).map((x) => x.message)).toEqual(["mcpServers.filesystem: the allowlist includes /, which opens the whole file system"]);
    const short = lint("x.json", cursor({ filesystem: { command: "node", args: ["/opt/fs.js"], env: { ALLOWED_PATHS: "/workspace/docs", BLOCKED_PATTERNS: "*.env" } } }));
    expect(short.map((x) => [x.level, x.message])).toEqual([["warning", "mcpServers.filesystem: the blocklist does not cover *.key, *.pem, secrets/*"]]);
    expect(lint("x.json", cursor({ filesystem: { command: "node", args: ["/opt/fs.js"], env: { ...blocks, ALLOWED_PATHS: "/workspace/docs" } } }))).toEqual([]);
  });

  it("MCPC-06: a database server without read-only, or with write access; row limit and timeout as warnings", () => {
    const limits = { MAX_ROWS: "100", QUERY_TIMEOUT: "5000" };
    const msgs = (env: Record<string, string>, args: string[] = ["/opt/db.js"]) => lint("x.json", cursor({ database: { command: "node", args, env } })).map((x) => `${x.level} ${x.message}`);
    expect(msgs(limits)).toEqual(["error mcpServers.database: a database server without a declared read-only connection"]);
    expect(msgs({ ...limits, DB_TYPE: "primary" })).toEqual(['error mcpServers.database: the connection mode "primary" is not read-only']);
    expect(msgs({ ...limits, DB_TYPE: "read-replica" }, ["/opt/db.js", "--allow-write"])).toEqual(["error mcpServers.database: --allow-write gives the assistant write access to the database"]);
    expect(msgs({ DB_TYPE: "read-replica" })).toEqual(["warning mcpServers.database: no row limit", "warning mcpServers.database: no query timeout"]);
    expect(msgs({ ...limits, DB_TYPE: "read-replica" })).toEqual([]);
  });

  it("MCPC-05 / MCPC-06 also recognise servers the registry does not know, by name or package", () => {
    const f = lint("x.json", cursor({ pg: { command: "npx", args: ["-y", "@modelcontextprotocol/server-postgres@0.6.2", "${env:PG_URL}"] } }));
    expect(f.map((x) => x.rule.id)).toEqual(["MCPC-02", "MCPC-06", "MCPC-06", "MCPC-06"]);
  });

  it("MCPC-07: npx/uvx/docker pulling an unpinned server; pinned and local programs pass", () => {
    const run = (command: string, args: string[]) => lint("x.json", cursor({ github: { command, args, env: github.env } })).filter((x) => x.rule.id === "MCPC-07").map((x) => x.message);
    expect(run("npx", ["-y", "@contoso/mcp-github"])).toEqual(["mcpServers.github: fetches @contoso/mcp-github without a version (whatever is latest at start-up)"]);
    expect(run("npx", ["-y", "some-server@latest"])).toEqual(["mcpServers.github: fetches some-server@latest, a tag or range rather than an exact version"]);
    expect(run("npx", ["--yes", "--package=some-server@^1.2.0", "some-server"])).toEqual(["mcpServers.github: fetches some-server@^1.2.0, a tag or range rather than an exact version"]);
    expect(run("uvx", ["mcp-server-git"])).toEqual(["mcpServers.github: fetches mcp-server-git without an exact version"]);
    expect(run("docker", ["run", "-i", "--rm", "-e", "GITHUB_TOKEN", "ghcr.io/github/github-mcp-server"])).toEqual(["mcpServers.github: runs the image ghcr.io/github/github-mcp-server by a moving tag"]);
    expect(run("npx", ["-y", "github:contoso/mcp-github"])).toEqual(["mcpServers.github: fetches github:contoso/mcp-github from a repository without a commit"]);
    expect(run("npx", ["-y", "@contoso/mcp-github@1.4.2"])).toEqual([]);
    expect(run("uvx", ["mcp-server-git==2025.7.1"])).toEqual([]);
    expect(run("docker", ["run", "-i", "--rm", `ghcr.io/github/github-mcp-server@sha256:${"a".repeat(64)}`])).toEqual([]);
    expect(run("node", ["/usr/local/lib/mcp-servers/github-server.js"])).toEqual([]);
  });

  it("MCPC-08: only the references the client interpolates", () => {
    expect(lint("x.json", cursor({ github: { ...github, env: { GITHUB_TOKEN: "${GITHUB_PAT}" } } })).map((x) => x.rule.id)).toEqual(["MCPC-08"]);
    expect(lint("x.json", cursor({ github: { ...github, env: { GITHUB_TOKEN: "${input:pat}" } } })).map((x) => x.rule.id)).toEqual(["MCPC-08"]);
    expect(lint("x.json", cursor({ github: { ...github, args: [...github.args, "${workspaceFolder}/docs"] } }))).toEqual([]);
  });

  it("MCPC-09: with --stack, a remote registry server must be reached through the gateway", () => {
    const f = lint("x.json", cursor({ jira: { url: "https://contoso.atlassian.net/mcp" } }), PROD);
    expect(f.map((x) => `${x.rule.id} ${x.message}; ${x.fix}`)).toEqual([`MCPC-09 mcpServers.jira.url is not the gateway's endpoint for "jira"; use ${GATEWAY}/jira (npx mcp-guard client-config --stack prod writes it)`]);
    expect(lint("x.json", cursor({ jira: { url: `${GATEWAY}/jira` } }), PROD)).toEqual([]);
    expect(lint("x.json", cursor({ "mcp-gateway": { url: GATEWAY } }), PROD)).toEqual([]);
  });

  it("MCPC-10: a pinned version other than the reviewed one", () => {
    const f = lint("x.json", cursor({ github: { ...github, args: ["-y", "@contoso/mcp-github@1.5.0"] } }));
    expect(f.map((x) => x.message)).toEqual(["mcpServers.github: runs @contoso/mcp-github@1.5.0; the review approved 1.4.2"]);
  });
});

describe("generated configs pass the lint", () => {
  const servers = [
    { name: "github", transport: { type: "stdio" as const, command: "npx", args: ["-y", "@contoso/mcp-github@1.4.2"] }, credentials: [{ secret: "github-mcp-token", env: "GITHUB_TOKEN" }] },
    { name: "jira", transport: { type: "streamable-http" as const, url: "https://contoso.atlassian.net/mcp" }, credentials: [] },
  ];
  it.each([
    ["cursor", { kind: "static-token" }],
    ["vscode", { kind: "static-token" }],
    ["cursor", { kind: "oauth", cursorClientId: "5e2a9c41-7b3d-4e8f-a160-2d9f8b7c6a54", scopes: ["api://x/user_impersonation"] }],
  ] as const)("%s with %o", (format, auth) => {
    const text = renderClientConfig(servers, { url: GATEWAY, auth }, format);
    expect(lint(format === "vscode" ? ".vscode/mcp.json" : ".cursor/mcp.json", text, PROD)).toEqual([]);
  });
});

describe("SARIF 2.1.0 for GitHub code scanning", () => {
  it("has the schema, version, the rules and one located result per finding", () => {
    const f = lint("configs/claude_desktop_config.json", fixture("claude_desktop_config.json"));
    const sarif = JSON.parse(renderSarif(f, { name: "mcp-guard", version: "0.1.0" }));
    expect(sarif.$schema).toBe(SARIF_SCHEMA);
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["MCPC-00", "MCPC-01", "MCPC-02", "MCPC-03", "MCPC-04", "MCPC-05", "MCPC-06", "MCPC-07", "MCPC-08", "MCPC-09", "MCPC-10"]);
    expect(run.results).toHaveLength(f.length);
    expect(run.results[0]).toEqual({
      ruleId: "MCPC-07",
      ruleIndex: 7,
      level: "error",
      message: { text: expect.stringMatching(/^mcpServers\.github: fetches @modelcontextprotocol\/server-github without a version .*\. Fix: pin the exact version/) },
      locations: [{ physicalLocation: { artifactLocation: { uri: "configs/claude_desktop_config.json" }, region: { startLine: 5, startColumn: 22 } } }],
    });
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(["error", "warning", "warning", "error"]);
  });
});

describe("README", () => {
  it("its lint table lists every rule with its level, and no other", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const rows = [...readme.matchAll(/^\| (MCPC-\d\d) \| (error|warning) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual(Object.values(LINT_RULES).map((r) => `${r.id} ${r.level}`));
  });
});

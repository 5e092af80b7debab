import * as fs from "node:fs";
import * as path from "node:path";
import { checkRegistry, REGISTRY_CHECKS } from "../../src/registry/checks";
import { parseServerFile, requireRegistry } from "../../src/registry/load";
import { McpServerEntry } from "../../src/registry/schema";
import { TEST_TODAY } from "../pinnedDate";
import { ROOT } from "../helpers";

const today = new Date(`${TEST_TODAY}T00:00:00Z`);
const shipped = (name: string) => fs.readFileSync(path.join(ROOT, "servers", `${name}.yaml`), "utf8");

/** A shipped server file with one edit, parsed as the loader parses it; throws if the edit broke the schema. */
function weakened(name: string, from: string | RegExp, to: string): { server: McpServerEntry; line: (text: string) => number } {
  const src = shipped(name);
  const edited = src.replace(from, to);
  if (edited === src) throw new Error(`edit ${String(from)} changed nothing in ${name}.yaml`);
  const parsed = parseServerFile(`servers/${name}.yaml`, edited);
  if (!parsed.server) throw new Error(parsed.problems.join("\n"));
  const lines = edited.split("\n");
  return { server: parsed.server, line: (text) => lines.findIndex((l) => l.includes(text)) + 1 };
}

const messages = (server: McpServerEntry, environment: "dev" | "staging" | "prod" = "dev", on = today) => checkRegistry([server], { environment, today: on }).map((f) => `${f.severity}: ${f.message}`);

describe("the REG checks", () => {
  it.each(["dev", "staging", "prod"] as const)("pass the four shipped servers in %s", (environment) => {
    expect(checkRegistry(requireRegistry(path.join(ROOT, "servers")), { environment, today })).toEqual([]);
  });

  it("a second check of the same entry gives the same findings, for its own environment and day, and a caller's edit to one does not carry over", () => {
    const { server } = weakened("github", 'rateLimiting: { answer: yes', "rateLimiting: { answer: no");
    const first = checkRegistry([server], { environment: "dev", today });
    first[0].message = "edited by a caller";
    expect(checkRegistry([server], { environment: "dev", today })).toEqual([expect.objectContaining({ id: "REG-02", message: expect.stringContaining("rateLimiting") })]);
    // The stale-review check depends on the day and is an error only in prod: neither is answered from another's findings.
    const later = new Date(today.getTime() + 400 * 24 * 3600 * 1000);
    expect(checkRegistry([server], { environment: "prod", today: later }).map((f) => `${f.id} ${f.severity}`)).toEqual(["REG-02 error", "REG-04 error"]);
    expect(checkRegistry([server], { environment: "dev", today: later }).map((f) => `${f.id} ${f.severity}`)).toEqual(["REG-02 error", "REG-04 warning"]);
  });

  it("an entry built by hand is checked afresh each time, so editing it in place shows at once", () => {
    const { server } = weakened("github", 'rateLimiting: { answer: yes', "rateLimiting: { answer: no");
    const byHand: McpServerEntry = { ...server, review: { ...server.review } };
    expect(checkRegistry([byHand], { environment: "dev", today }).map((f) => f.id)).toEqual(["REG-02"]);
    byHand.review.decision = "approved-with-conditions";
    byHand.review.conditions = ["rate limited by the gateway"];
    expect(checkRegistry([byHand], { environment: "dev", today })).toEqual([]);
  });

  it("ids are unique and in order", () => {
    expect(REGISTRY_CHECKS.map((c) => c.id)).toEqual(REGISTRY_CHECKS.map((_, i) => `REG-${String(i + 1).padStart(2, "0")}`));
  });

  it("REG-01: an approved server needs every must-item answered yes", () => {
    const { server, line } = weakened("github", 'dependenciesScanned: { answer: yes, note: "npm audit', 'dependenciesScanned: { answer: no, note: "npm audit');
    expect(messages(server)).toEqual([
      `error: servers/github.yaml:${line("dependenciesScanned")}: review.checklist.sourceCode.dependenciesScanned.answer: "no" on a must-item ("Dependencies scanned for CVEs") with decision approved; answer yes once it holds, or set decision: rejected with the reason (REG-01)`,
    ]);
  });

  it("REG-01: n-a on a must-item only where the item allows it (a stdio server without upstream)", () => {
    const { server, line } = weakened("github", 'requiresAuthentication: { answer: yes', "requiresAuthentication: { answer: n-a");
    expect(messages(server)).toEqual([
      `error: servers/github.yaml:${line("requiresAuthentication")}: review.checklist.authentication.requiresAuthentication.answer: "n-a" on a must-item ("Requires authentication") with decision approved; answer yes once it holds (n-a only for a stdio server that calls no upstream service (the OS user's permissions apply)), or set decision: rejected with the reason (REG-01)`,
    ]);
  });

  it("REG-02: a should-item answered no needs approved-with-conditions", () => {
    const { server, line } = weakened("github", 'rateLimiting: { answer: yes', "rateLimiting: { answer: no");
    expect(messages(server)).toEqual([`error: servers/github.yaml:${line("rateLimiting")}: review.checklist.networkSecurity.rateLimiting.answer: "no" ("Rate limiting implemented") with decision approved; set decision: approved-with-conditions and list the condition that covers it (REG-02)`]);
  });

  it("REG-03: approved-with-conditions lists conditions; rejected lists reasons", () => {
    const { server, line } = weakened("filesystem", /\n {2}conditions:\n( {4}- .*\n)+/, "\n");
    expect(messages(server)).toEqual([`error: servers/filesystem.yaml:${line("decision:")}: review.decision: approved-with-conditions lists no conditions; add review.conditions (REG-03)`]);
    const rejected = weakened("filesystem", "decision: approved-with-conditions", "decision: rejected");
    expect(messages(rejected.server).filter((m) => m.includes("REG-03"))).toEqual([
      `error: servers/filesystem.yaml:${rejected.line("decision:")}: review.decision: rejected lists no reasons; add review.reasons (REG-03)`,
      `error: servers/filesystem.yaml:${rejected.line("conditions:") + 1}: review.conditions: is only for decision approved-with-conditions; remove it or change the decision from rejected (REG-03)`,
    ]);
  });

  it("REG-04: a review older than 6 months is a warning in dev and staging, an error in prod where the server runs", () => {
    const { server, line } = weakened("github", 'date: "2026-10-14"', 'date: "2026-05-23"');
    const stale = `servers/github.yaml:${line("date:")}: review.date: "2026-05-23" is more than 6 months before today (2026-11-24): the review is stale; review the current release again and set the new date (REG-04)`;
    expect(messages(server, "dev")).toEqual([`warning: ${stale}`]);
    expect(messages(server, "staging")).toEqual([`warning: ${stale}`]);
    expect(messages(server, "prod")).toEqual([`error: ${stale}`]);
    expect(messages(weakened("github", 'date: "2026-10-14"', 'date: "2026-05-24"').server, "prod")).toEqual([]);
  });

  it("REG-04: a server not enabled in prod stays a warning there; a future date is an error", () => {
    const { server } = weakened("database", 'date: "2026-11-18"', 'date: "2026-01-02"');
    expect(messages(server, "prod")).toEqual([expect.stringMatching(/^warning: .*REG-04\)$/)]);
    const future = weakened("database", 'date: "2026-11-18"', 'date: "2026-11-25"');
    expect(messages(future.server)).toEqual([`error: servers/database.yaml:${future.line("date:")}: review.date: "2026-11-25" is after today (2026-11-24); allowed the day the reviewer signed (REG-04)`]);
  });

  it("REG-05: a credential value in any field is refused without echoing it", () => {
    const token = `github_pat_${"A1b2C3d4E5".repeat(4)}`;
    const { server, line } = weakened("github", "    GITHUB_ORG: contoso", `    GITHUB_ORG: contoso\n    GITHUB_TOKEN: ${token}`);
    const out = messages(server);
    expect(out).toEqual([
      `error: servers/github.yaml:${line("GITHUB_TOKEN")}: transport.env.GITHUB_TOKEN: holds what looks like a GitHub token (the value is not shown); delete it, revoke it, and name the catalog secret in credentials[].secret instead (REG-05)`,
      `error: servers/github.yaml:${line("GITHUB_TOKEN")}: transport.env.GITHUB_TOKEN: names a credential; remove it and declare it in credentials[] with secret: <catalog name> and env: GITHUB_TOKEN (clients pass it as \${env:GITHUB_TOKEN}) (REG-05)`,
    ]);
    expect(out.join("\n")).not.toContain(token);
  });

  it("REG-05: finds a token in a note too", () => {
    const { server, line } = weakened("github", "Refuses to start without GITHUB_TOKEN.", "Tested with ghp_0123456789abcdefghijABCDEFGHIJ012345.");
    expect(messages(server)).toEqual([`error: servers/github.yaml:${line("ghp_")}: review.checklist.authentication.requiresAuthentication.note: holds what looks like a GitHub token (the value is not shown); delete it, revoke it, and name the catalog secret in credentials[].secret instead (REG-05)`]);
  });

  it("REG-06: streamable HTTP needs https, TLS 1.3 and authentication", () => {
    const { server, line } = weakened("database", /url: https:(.|\n)*?secret: mcp-gateway-bearer-token\n/, 'url: http://mcp.contoso.com/database\n  tls:\n    minVersion: "1.2"\n');
    expect(messages(server)).toEqual([
      `error: servers/database.yaml:${line("url:")}: transport.url: "http://mcp.contoso.com/database" is not https; the guide allows HTTP transports only over TLS: use https:// (REG-06)`,
      `error: servers/database.yaml:${line("minVersion")}: transport.tls.minVersion: TLS 1.2 is allowed; set tls.minVersion: "1.3" (the guide's secure HTTP configuration) (REG-06)`,
      `error: servers/database.yaml:${line("type: streamable-http")}: transport: has no authentication; set authentication: {type: entra} or {type: bearer, secret: <catalog secret>} (REG-06)`,
    ]);
  });

  it("REG-07: a file-system server needs an allowlist and a blocklist covering the guide's patterns", () => {
    const { server, line } = weakened("filesystem", '  blockedPatterns: ["*.env", "*.key", "*.pem", "*.pfx", "secrets/*", ".git/*"]', '  blockedPatterns: ["*.env", "*.pfx"]');
    expect(messages(server)).toEqual([`error: servers/filesystem.yaml:${line("blockedPatterns: [")}: filesystem.blockedPatterns: does not block *.key, *.pem, secrets/*; add "*.key", "*.pem", "secrets/*" (REG-07)`]);
    const root = weakened("filesystem", "  allowedPaths: [/workspace/docs, /workspace/public]", "  allowedPaths: [/]");
    expect(messages(root.server)).toEqual([`error: servers/filesystem.yaml:${root.line("allowedPaths: [")}: filesystem.allowedPaths[0]: "/" is not an explicit directory; allowed a directory such as /workspace/docs (no root, no wildcards) (REG-07)`]);
    const none = weakened("filesystem", /\nfilesystem:\n.*\n.*\n/, "\n");
    expect(messages(none.server)).toEqual([`error: servers/filesystem.yaml:${none.line("kind:")}: kind: a filesystem server needs filesystem: {allowedPaths: [...], blockedPatterns: ["*.env", "*.key", "*.pem", "secrets/*"]} (REG-07)`]);
  });

  it("REG-08: a database server is read-only, row- and time-limited, and not in prod", () => {
    const { server, line } = weakened("database", /connection: read-replica\n(.|\n)*?queryTimeoutMs: 5000\n/, "connection: read-write\n");
    expect(messages(server)).toEqual([
      `error: servers/database.yaml:${line("connection: read-write")}: database.connection: "read-write" is not allowed (the guide: never a production write database); allowed read-replica, read-only-user (REG-08)`,
      `error: servers/database.yaml:${line("connection: read-write")}: database: has no row limit; set maxRows (the guide uses 100, at most 1000) (REG-08)`,
      `error: servers/database.yaml:${line("connection: read-write")}: database: has no query timeout; set queryTimeoutMs (the guide uses 5000, at most 30000) (REG-08)`,
    ]);
    const prod = weakened("database", "  prod: false", "  prod: true");
    expect(messages(prod.server)).toEqual([`error: servers/database.yaml:${prod.line("  prod: true")}: environments.prod: a database server runs on read-only replicas in non-production environments only (the guide); set prod: false (REG-08)`]);
  });

  it("REG-09: a GitHub PAT is fine-grained, per repository, with the minimal permissions listed", () => {
    const { server, line } = weakened("github", /tokenType: fine-grained\n.*\n(.*\n)? {4}scopes: \[metadata:read, contents:read, issues:write\]/, "tokenType: classic\n    scopes: [contents:read, administration:write]");
    expect(messages(server)).toEqual([
      `error: servers/github.yaml:${line("tokenType")}: credentials[0].tokenType: a classic PAT is not allowed: classic tokens reach every repository the user can; create a fine-grained PAT and set tokenType: fine-grained (REG-09)`,
      `error: servers/github.yaml:${line("contentType: github-pat")}: credentials[0].contentType: lists no repositories; limit the fine-grained PAT to the repositories the tools need and list them (owner/name) (REG-09)`,
      `error: servers/github.yaml:${line("scopes:")}: credentials[0].scopes[1]: "administration:write" is beyond the guide's minimal scope; allowed metadata, contents, issues, pull_requests (read or write) (REG-09)`,
      `error: servers/github.yaml:${line("scopes:")}: credentials[0].scopes: omits metadata:read, which GitHub adds to every fine-grained PAT; list it so the review shows the whole grant (REG-09)`,
    ]);
  });

  it("REG-10: a rejected server is enabled nowhere", () => {
    const { server, line } = weakened("azure-devops", "  decision: approved", "  decision: rejected\n  reasons: [The PAT cannot be limited to one project.]");
    expect(messages(server).filter((m) => m.includes("REG-10"))).toEqual(
      ["dev", "staging", "prod"].map((env) => `error: servers/azure-devops.yaml:${line(`  ${env}: true`)}: environments.${env}: the server is rejected; set ${env}: false (or review it again) (REG-10)`),
    );
  });

  it("REG-11: the release is pinned, and npx runs exactly the reviewed version", () => {
    const { server, line } = weakened("azure-devops", "args: [-y, cursor-azure-devops-mcp@2.1.4]", "args: [-y, cursor-azure-devops-mcp@latest]");
    expect(messages(server)).toEqual([`error: servers/azure-devops.yaml:${line("args:")}: transport.args[1]: "cursor-azure-devops-mcp@latest" is not pinned to the reviewed version; run cursor-azure-devops-mcp@2.1.4 (a run-time pull of anything else runs code nobody reviewed) (REG-11)`]);
    const unversioned = weakened("github", "version: 1.3.0\n", "");
    expect(messages(unversioned.server)).toEqual([`error: servers/github.yaml:${unversioned.line("name:")}: name: names no reviewed release; set version (and image: <registry/name>@sha256:<digest> for a container) (REG-11)`]);
  });

  it("REG-12: tools and endpoints are unique and fit the detections' parameter values", () => {
    const long = `https://api.github.com/${"v".repeat(100)}`;
    const { server, line } = weakened("github", "  - create_issue\n", `  - create_issue\n  - Create_Issue\n`);
    expect(messages(server)).toEqual([`error: servers/github.yaml:${line("Create_Issue")}: tools[4]: "Create_Issue" is listed twice; remove the duplicate (REG-12)`]);
    const endpoint = weakened("github", "  - https://api.github.com\n", `  - https://api.github.com\n  - ${long}\n`);
    expect(messages(endpoint.server)).toEqual([`error: servers/github.yaml:${endpoint.line("vvvv")}: endpoints[1]: "github/${long}" is longer than the detections' 128-character parameter values; shorten it (REG-12)`]);
  });
});

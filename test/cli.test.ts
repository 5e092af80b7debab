import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, runCli } from "./helpers";


function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe("mcp-guard plan", () => {
  it("prints the tree, counts and summary and exits 0", async () => {
    const r = await runCli("plan", "--stack", "dev", "--cwd", ROOT);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/azure-native:resources:ResourceGroup +resource-group/);
    expect(r.out).toMatch(/Plan: \d+ to create/);
  });

  it("writes the PreviewDigest with --out and to stdout with --json", async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-")), "plan.json");
    const r = await runCli("plan", "--stack", "prod", "--cwd", ROOT, "--out", out, "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(fs.readFileSync(out, "utf8")));
    expect(r.err).toContain("Plan:");
  });

  it("exits 1 with one line per config problem", async () => {
    const file = tempFile("Pulumi.bad.yaml", "config:\n  mcp-guard:environment: dev\n  mcp-guard:alertEmails: [sec@]\n  mcp-guard:gatewayAuthTenantId: 72f988bf-0000-4000-8000-00000000c0de\n  mcp-guard:gatewayAuthClientId: 3b1f0c2e-8d4a-4f6b-9e21-7c5a0d9e4b13\n");
    const r = await runCli("plan", "--stack", "bad", "--cwd", ROOT, "--config-file", file);
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: invalid stack config\n  mcp-guard:alertEmails[0]: "sec@" is not an email address\n');
    expect(r.out).toBe("");
  });

  it("exits 2 on usage errors", async () => {
    expect((await runCli("plan")).code).toBe(2);
    expect((await runCli("plan", "--stack", "nope", "--cwd", ROOT)).err).toContain("no stack config file");
    expect((await runCli("plan", "--stack", "nope", "--cwd", ROOT)).code).toBe(2);
    expect((await runCli("frobnicate")).code).toBe(2);
  });

  it("describes every option in --help", async () => {
    const r = await runCli("plan", "--help");
    expect(r.code).toBe(0);
    for (const flag of ["--stack", "--config-file", "--cwd", "--out", "--json", "Exit codes"]) expect(r.out).toContain(flag);
  });
});

describe("mcp-guard plan on a program that breaks a mandatory rule", () => {
  it("prints the violation under the tree and exits 3", async () => {
    const r = await runCli("plan", "--stack", "test", "--cwd", path.join(ROOT, "test/fixtures/weak-vault"));
    expect(r.code).toBe(3);
    expect(r.out).toContain(
      "[mandatory] KV-01 weak (azure-native:keyvault:Vault): properties.enableRbacAuthorization is false; set it to true explicitly (omitted means access policies in the API version azure-native uses)",
    );
  });
});

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REVIEW_CHECKLIST } from "../../src/registry/schema";
import { ROOT, runCli } from "../helpers";

describe("mcp-guard review <server>", () => {
  it("prints the guide's form filled from the file: header, every item with its answer and note, the decision", async () => {
    const r = await runCli("review", "database", "--cwd", ROOT);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain("## MCP Server Security Review\n\n**Server Name**: database\n**Repository**: https://github.com/contoso/mcp-db-readonly\n**Version**: 2.3.1, ghcr.io/contoso/mcp-db-readonly@sha256:");
    expect(r.out).toContain("**Requested By**: marta.kowalski@contoso.com\n**Review Date**: 2026-11-18");
    for (const s of REVIEW_CHECKLIST) expect(r.out).toContain(`### ${s.title}\n`);
    expect(r.out.match(/^- \[[x -]\] /gm)).toHaveLength(REVIEW_CHECKLIST.reduce((n, s) => n + s.items.length, 0) + 3);
    expect(r.out).toContain("- [x] Transport encryption (TLS 1.3) (must): **yes**. TLS 1.3 minimum on the listener; Encrypt=strict to SQL.");
    expect(r.out).toContain("- Transport: streamable HTTP, https://mcp.contoso.com/database, TLS 1.3, bearer authentication");
    expect(r.out).toContain("- [x] **APPROVED** - Deploy to pilot group\n- [ ] **APPROVED WITH CONDITIONS**\n- [ ] **REJECTED**\n\n**Reviewer**: priya.nair@contoso.com");
  });

  it("lists the conditions of an approval with conditions", async () => {
    const r = await runCli("review", "filesystem", "--cwd", ROOT);
    expect(r.out).toContain("- [x] **APPROVED WITH CONDITIONS**:\n  - Enabled in dev only until output sanitization lands");
    expect(r.out).toContain("- [ ] Output sanitization implemented: **no**. File contents are returned verbatim");
  });

  describe("in a project with a weakened server", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-review-"));
    beforeAll(() => {
      fs.mkdirSync(path.join(dir, "servers"));
      const src = fs.readFileSync(path.join(ROOT, "servers/github.yaml"), "utf8");
      fs.writeFileSync(path.join(dir, "servers/github.yaml"), src.replace('noHardcodedSecrets: { answer: yes', "noHardcodedSecrets: { answer: no"));
      fs.writeFileSync(path.join(dir, "servers/broken.yaml"), "name: broken\n");
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("still prints the form, then the check errors on stderr, and exits 1", async () => {
      const r = await runCli("review", "github", "--cwd", dir);
      expect(r.code).toBe(1);
      expect(r.out).toContain("- [ ] No hardcoded secrets (must): **no**.");
      expect(r.err).toMatch(/^error: servers\/github.yaml:\d+: review.checklist.authentication.noHardcodedSecrets.answer: "no" on a must-item \("No hardcoded secrets"\) with decision approved; .* \(REG-01\)\n$/);
    });

    it("refuses an invalid file with its located problems, and an unknown server with the known ones", async () => {
      const broken = await runCli("review", "broken", "--cwd", dir);
      expect(broken.code).toBe(1);
      expect(broken.err).toMatch(/^error: invalid server registry\n {2}servers\/broken.yaml:1: description: is required\n/);
      const unknown = await runCli("review", "jira", "--cwd", dir);
      expect(unknown).toEqual({ code: 2, out: "", err: "error: jira: no servers/jira.yaml; allowed github\n" });
    });
  });
});

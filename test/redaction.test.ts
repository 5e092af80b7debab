import { dcrTransformProblems } from "../src/kql/dcrTransform";
import { MCP_SERVER_LOGS_COLUMNS } from "../src/schema/mcpServerLogs";
import { CREDENTIAL_PATTERNS, credentialRegexRe2, ingestionTransformKql, REDACTED, redactCredentials } from "../src/schema/redaction";

const columns = MCP_SERVER_LOGS_COLUMNS;

describe("credential redaction", () => {
  const leaks: [string, string][] = [
    ["GitHub classic PAT", `upstream 401 with token ghp_${"a1B2".repeat(9)}`],
    ["GitHub fine-grained PAT", `bad credentials github_pat_${"11ABCDEFG0".repeat(4)}`],
    ["bearer header", "request failed: Authorization: Bearer abc.DEF-123_456~xyz"],
    ["JWT alone", "token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl rejected"],
    ["connection string password", "login failed for Server=tcp:db.example.net;User ID=reader;Password=S3cr3t!;Encrypt=True"],
    ["storage account key", "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc123==;EndpointSuffix=core.windows.net"],
    ["SAS signature", "GET https://x.blob.core.windows.net/c?sv=2022&sig=AbC%2Fdef%3D"],
    ["password in URL", "cannot reach postgres://reader:hunter2@db.internal:5432/app"],
  ];

  it.each(leaks)("cuts a %s and everything after it", (_kind, message) => {
    const redacted = redactCredentials(message);
    expect(redacted.endsWith(REDACTED)).toBe(true);
    expect(message.startsWith(redacted.slice(0, -REDACTED.length))).toBe(true);
    expect(redacted).not.toMatch(/ghp_|github_pat_|eyJ|S3cr3t|abc123|hunter2|sig=|Bearer abc/);
  });

  it("leaves ordinary error messages alone", () => {
    for (const m of ["tool github.search_issues timed out after 30000 ms", "JSON-RPC -32602: invalid params (missing 'owner')", "denied by policy p-17 for user@contoso.com", ""]) {
      expect(redactCredentials(m)).toBe(m);
    }
  });

  it("the DCR transform applies the same patterns, cut at the first match, and caps the length", () => {
    const kql = ingestionTransformKql();
    expect(kql).toContain(`matches regex @"${credentialRegexRe2()}"`);
    for (const p of CREDENTIAL_PATTERNS) expect(credentialRegexRe2()).toContain(p.regex);
    expect(kql).toContain(`extract(@"(?s)^(.*?)(?:${credentialRegexRe2()})", 1, ErrorMessage)`);
    expect(kql).toContain("substring(ErrorMessage, 0, 1024)");
  });
});

describe("DCR transform check (the documented KQL subset)", () => {
  it("passes the shipped transform against the stream and the table", () => {
    expect(dcrTransformProblems(ingestionTransformKql(), columns, columns)).toEqual([]);
  });

  it("refuses operators and functions DCR transformations do not support, where they are", () => {
    expect(dcrTransformProblems("source\n| summarize count() by ServerName", columns, columns)).toEqual([
      "transformKql:2:3: operator summarize is not supported in DCR transformations; allowed extend, project, print, where, parse, project-away, project-rename, datatable",
      "transformKql:2:13: function count() is not supported in DCR transformations",
      "transformKql: the output has no TimeGenerated datetime column",
      "transformKql: output column count_ is not in the destination table",
    ]);
    expect(dcrTransformProblems('source\n| extend ErrorMessage = replace_regex(ErrorMessage, "ghp_\\\\w+", "x")', columns, columns)).toEqual([
      "transformKql:2:25: function replace_regex() is not supported in DCR transformations",
    ]);
  });

  it("reports KQL errors and columns the table does not have", () => {
    expect(dcrTransformProblems("source | where Userx == 'a' | extend Extra = 1", columns, columns)).toEqual([
      "transformKql:1:16: KS142 The name 'Userx' does not refer to any known column, table, variable or function.",
      "transformKql: output column Extra is not in the destination table",
    ]);
    expect(dcrTransformProblems("source | extend HttpStatus = tostring(HttpStatus)", columns, columns)).toEqual([
      "transformKql: output column HttpStatus is string; the destination table has int",
    ]);
  });
});

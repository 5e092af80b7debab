import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffDigests } from "../../src/plan/diff";
import { PreviewDigest, PreviewStep } from "../../src/plan/digest";
import { readDigest } from "../../src/plan/planSource";
import { mdCode, mdText, renderDiffMarkdown, renderDiffText } from "../../src/plan/renderDiff";
import { ROOT, runCli } from "../helpers";

const tmpFile = (name: string, text: string) => {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-md-")), name);
  fs.writeFileSync(f, text);
  return f;
};

const URN = (type: string, name: string) => `urn:pulumi:dev::p::${type}::${name}`;
function step(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<PreviewStep["newState"]> = {}): PreviewStep {
  return { op: "create", urn: URN(type, name), newState: { urn: URN(type, name), custom: true, type, inputs, ...extra } };
}

/** A line with its code spans removed, as CommonMark finds them: a backtick run closed by a run of the same length. */
function withoutCodeSpans(line: string): string {
  let out = "";
  for (let i = 0; i < line.length; ) {
    const run = /^`+/.exec(line.slice(i))?.[0];
    if (!run) {
      out += line[i++];
      continue;
    }
    const close = new RegExp(`(?<!\`)${run}(?!\`)`).exec(line.slice(i + run.length));
    if (!close) {
      out += run;
      i += run.length;
      continue;
    }
    i += run.length + close.index + run.length;
  }
  return out;
}

/** Names an attacker controls in a pull request: each tries to end a code span, a cell, a line, or open HTML. */
const HOSTILE = [
  "x`\n> [!CAUTION]\n> **all clear**",
  "<!-- policy hidden",
  "a|b|c",
  "**bold** _it_ [link](https://evil.example) ![img](x) @octocat",
  "``double`` ticks",
  "rtl\u202egnp.exe zero\u200bwidth\r\ncrlf",
  "\u001b[2J\u001b[31mterminal",
];

describe("the PR comment escapes every user-controlled string for its context", () => {
  const component = HOSTILE[1];
  const compUrn = URN("mcp-guard:index:Evil", component);
  const base: PreviewDigest = { steps: [], changeSummary: {} };
  const head: PreviewDigest = {
    steps: [
      { op: "create", urn: compUrn, newState: { urn: compUrn, custom: false, type: "mcp-guard:index:Evil", inputs: {} } },
      ...HOSTILE.map((n, i) => step("azure-native:keyvault:Vault", n, { vaultName: `kv${i}`, tags: { [n]: n }, properties: { enableRbacAuthorization: false } }, { parent: compUrn })),
    ],
    changeSummary: {},
  };
  const d = diffDigests(base, head);
  const md = renderDiffMarkdown(d, `mcp-guard diff: dev (${HOSTILE[0]} -> HEAD)`);

  it("no hostile name opens HTML, a callout, a heading or a new line", () => {
    // Inside a code span `<!--` is text (CommonMark: the span opens first); outside one it must not appear.
    const outsideCode = md.split("\n").map(withoutCodeSpans).join("\n");
    expect(outsideCode).not.toContain("<!--");
    expect(md.split("\n").filter((l) => /^> \[!/.test(l))).toEqual([]);
    expect(md.split("\n").filter((l) => l.startsWith("#"))).toEqual([expect.stringMatching(/^### mcp-guard diff: dev \(x\\`\\\\u\{a\}&gt; \\\[!CAUTION\\\]/), "#### &lt;!-- policy hidden", "#### Policy"]);
    for (const c of ["\u202e", "\u200b", "\u001b", "\r"]) expect(md).not.toContain(c);
  });

  it("every table row keeps its four cells", () => {
    for (const row of md.split("\n").filter((l) => l.startsWith("  | `"))) expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(6);
  });

  it("the policy section is still there, with the violations of the hostile resources", () => {
    expect(md).toContain("#### Policy");
    expect(md).toMatch(/new mandatory violation: KV-01 on `+ ?<!-- policy hidden/);
  });

  it("code spans cannot be closed from inside", () => {
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("`x`")).toBe("`` `x` ``");
    expect(mdCode("a|b", true)).toBe("`a\\|b`");
    expect(mdText("<b>@x</b>")).toBe("&lt;b&gt;\\@x&lt;/b&gt;");
  });

  it("the terminal form is one line per entry, without escape sequences", () => {
    const text = renderDiffText(d, "t");
    for (const c of ["\u202e", "\u001b", "\r"]) expect(text).not.toContain(c);
    expect(text).toContain("\\u{1b}[2J");
  });
});

describe("plan documents as other tools write them", () => {
  it("a head whose steps are all invalid is an error, not a plan that deletes everything", async () => {
    const f = tmpFile("head.json", JSON.stringify({ steps: [{ op: "create" }, { urn: "u" }, 7] }));
    const r = await runCli("diff", "--stack", "dev", "--base", f, "--head", f);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${f}: none of its 3 steps is a Pulumi step (an op, a urn, and a state with a type); the plan would be read as deleting what it cannot read\n`);
  });

  it("a UTF-8 byte-order mark is accepted", () => {
    const f = tmpFile("bom.json", `\uFEFF${fs.readFileSync(path.join(ROOT, "test/fixtures/previews/flat-steps.json"), "utf8")}`);
    expect(readDigest(f).steps).toHaveLength(2);
  });

  it("steps with their state on the step and no newState (shaped like rshade/pulumicost-core's plans)", () => {
    const digest = readDigest(path.join(ROOT, "test/fixtures/previews/flat-steps.json"));
    const d = diffDigests({ steps: [], changeSummary: {} }, digest);
    expect(d.summary.create).toBe(2);
    expect(d.introduced.map((v) => v.ruleId)).toContain("KV-01");
  });

  it("a newState without custom and with empty inputs beside resourceInputs (shaped like AlistairMRoss/Infract's preview)", () => {
    const digest = readDigest(path.join(ROOT, "test/fixtures/previews/resource-inputs.json"));
    const d = diffDigests({ steps: [], changeSummary: {} }, digest);
    expect(d.changes.map((c) => [c.kind, c.name]).sort()).toEqual([["create", "api"], ["create", "logs"]]);
    expect(d.changes.find((c) => c.name === "api")?.properties).toContainEqual({ path: "httpsOnly", before: undefined, after: true });
  });

  it("a parent cycle in a hand-edited plan ends", () => {
    const a = step("azure-native:keyvault:Vault", "a", {}, { parent: URN("azure-native:keyvault:Vault", "b") });
    const b = step("azure-native:keyvault:Vault", "b", {}, { parent: URN("azure-native:keyvault:Vault", "a") });
    expect(diffDigests({ steps: [], changeSummary: {} }, { steps: [a, b], changeSummary: {} }).summary.create).toBe(2);
  });
});

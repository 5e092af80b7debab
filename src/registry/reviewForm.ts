import { Answer, McpServerEntry, REVIEW_CHECKLIST } from "./schema";

const BOX: Record<Answer, string> = { yes: "[x]", no: "[ ]", "n-a": "[-]" };

/** Markdown text: a value from a server file must not turn into markup the reviewer does not see. */
const text = (s: string) => s.replace(/([\\`*_[\]<>|])/g, "\\$1").replace(/^#/, "\\#");

/**
 * The guide's "MCP Server Security Review" form, filled from one server file: the reviewer reads what
 * they sign. Item wording, order and the decision block follow the guide; each answer carries its note.
 */
export function renderReviewForm(s: McpServerEntry): string {
  const r = s.review;
  const release = [s.version, s.image].filter((v) => v !== undefined).join(", ");
  const lines = [
    "## MCP Server Security Review",
    "",
    `**Server Name**: ${text(s.name)}`,
    `**Repository**: ${text(s.repository)}`,
    `**Version**: ${text(release)}`,
    `**Requested By**: ${text(r.requestedBy)}`,
    `**Review Date**: ${r.date}`,
    "",
    `${text(s.description)}`,
    "",
    `- Transport: ${s.transport.type === "stdio" ? `stdio (\`${[s.transport.command, ...(s.transport.args ?? [])].join(" ").replace(/`/g, "'")}\`)` : `streamable HTTP, ${text(s.transport.url)}, TLS ${s.transport.tls?.minVersion ?? "not set"}, ${s.transport.authentication ? `${s.transport.authentication.type} authentication` : "no authentication"}`}`,
    `- Upstream endpoints: ${s.endpoints.map(text).join(", ") || "none"}`,
    `- Tools (allowlist): ${s.tools.map(text).join(", ")}`,
    `- Credentials: ${s.credentials.map((c) => `${text(c.secret)} (${text(c.contentType)}${c.tokenType ? `, ${c.tokenType}` : ""}${c.repositories ? `, repositories ${c.repositories.map(text).join(", ")}` : ""}; scopes ${c.scopes.map(text).join(", ") || "none"})`).join("; ") || "none"}`,
    `- Data classification: ${s.dataClassification}`,
    `- Availability: ${s.availability.mode === "always-on" ? "always-on" : `office hours, ${s.availability.hours} ${s.availability.timeZone}`}`,
    `- Enabled in: ${(["dev", "staging", "prod"] as const).filter((e) => s.environments[e]).join(", ") || "no environment"}`,
  ];
  if (s.filesystem) lines.push(`- Allowed paths: ${s.filesystem.allowedPaths.map(text).join(", ")}; blocked: ${s.filesystem.blockedPatterns.map(text).join(", ")}`);
  if (s.database) lines.push(`- Database: ${s.database.connection}, schemas ${(s.database.allowedSchemas ?? []).map(text).join(", ") || "any"}, at most ${s.database.maxRows ?? "unlimited"} rows, ${s.database.queryTimeoutMs ?? "no"} ms timeout`);
  for (const section of REVIEW_CHECKLIST) {
    lines.push("", `### ${section.title}`);
    for (const item of section.items) {
      const a = r.checklist[section.key][item.key];
      lines.push(`- ${BOX[a.answer]} ${item.text}${item.level === "must" ? " (must)" : ""}: **${a.answer}**. ${text(a.note)}`);
    }
  }
  const mark = (d: string) => (r.decision === d ? "[x]" : "[ ]");
  lines.push(
    "",
    "### Decision",
    `- ${mark("approved")} **APPROVED** - Deploy to pilot group`,
    `- ${mark("approved-with-conditions")} **APPROVED WITH CONDITIONS**${r.decision === "approved-with-conditions" ? ":" : ""}`,
    ...(r.conditions ?? []).map((c) => `  - ${text(c)}`),
    `- ${mark("rejected")} **REJECTED**${r.decision === "rejected" ? ":" : ""}`,
    ...(r.reasons ?? []).map((c) => `  - ${text(c)}`),
    "",
    `**Reviewer**: ${text(r.reviewer)}`,
    `**Date**: ${r.date}`,
    "",
    `_[x] yes, [ ] no, [-] n-a. From ${s.file}; (must) marks the items an approval needs answered yes (README "The approval registry")._`,
    "",
  );
  return lines.join("\n");
}

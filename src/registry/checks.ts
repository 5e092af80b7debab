import { Environment, ENVIRONMENTS } from "../naming";
import { PARAMETER_VALUE } from "../kql/parameters";
import { credentialShape } from "../credentials";
import { fieldPath, isParsedEntry } from "./load";
import { ChecklistItem, isApproved, McpServerEntry, REVIEW_CHECKLIST } from "./schema";

/**
 * The REG-xx checks: what the guide asks of a reviewed server, as errors and warnings with an id, the
 * field, the problem and the fix. Each is a pure function of one entry (and the environment and date
 * for the ones that depend on them); the README's check table lists them all.
 */
export type RegistrySeverity = "error" | "warning";

export interface RegistryFinding {
  id: string;
  severity: RegistrySeverity;
  /** `servers/github.yaml:12: review.date: <problem>; <fix> (REG-04)` */
  message: string;
}

export interface RegistryCheckContext {
  /** The stack's environment: the stale-review check is an error in prod. */
  environment: Environment;
  /** Today (MCP_GUARD_TODAY in CI and tests). */
  today: Date;
}

export interface RegistryCheck {
  id: string;
  /** What it checks, for the README table. */
  title: string;
  severity: RegistrySeverity | "warning in dev and staging, error in prod";
  run: (server: McpServerEntry, ctx: RegistryCheckContext) => Found[];
}

type FieldPath = readonly (string | number)[];

const at = (server: McpServerEntry, p: FieldPath, id: string, text: string): string => `${server.file}:${server.lineOf(p)}: ${fieldPath(p)}: ${text} (${id})`;
type Found = Omit<RegistryFinding, "id">;
const error = (server: McpServerEntry, id: string) => (p: FieldPath, text: string): Found => ({ severity: "error" as const, message: at(server, p, id, text) });

/** The guide's "Last updated within 6 months", as calendar months before today. */
export const REVIEW_VALID_MONTHS = 6;

/** What a file-system server's blocklist must hold at least (the guide's BLOCKED_PATTERNS). */
export const REQUIRED_BLOCKED_PATTERNS = ["*.env", "*.key", "*.pem", "secrets/*"] as const;

/** The guide's database limits are MAX_ROWS 100 and a 5 s QUERY_TIMEOUT; these are the most a review may grant. */
export const DATABASE_LIMITS = { maxRows: 1000, queryTimeoutMs: 30_000 } as const;

/**
 * Fine-grained PAT permissions a GitHub MCP server may hold: the guide's "minimal scope" list
 * (repository contents, metadata, issues, pull requests), in GitHub's permission names.
 */
export const GITHUB_PAT_PERMISSIONS = ["metadata", "contents", "issues", "pull_requests"] as const;

/** Settings whose name says credential: they belong in credentials[] as a catalog reference. */
const CREDENTIAL_NAME = /(^|_)(TOKEN|PAT|PASSWORD|PASSWD|PWD|SECRET|APIKEY|KEY|CONNECTION_STRING|CONN_STR|CREDENTIALS?)(_|$)/i;

function notApplicableAllowed(server: McpServerEntry, item: ChecklistItem): boolean {
  return item.notApplicableWhen !== undefined && server.transport.type === "stdio" && server.endpoints.length === 0;
}

function answers(server: McpServerEntry) {
  return REVIEW_CHECKLIST.flatMap((s) => s.items.map((item: ChecklistItem) => ({ item, path: ["review", "checklist", s.key, item.key] as const, answer: server.review.checklist[s.key][item.key] })));
}

/**
 * Calls `visit` with every string in a value, map keys too (a pasted token can sit anywhere), and a
 * function that copies its path: a server file holds a few hundred strings and almost never a finding.
 */
function eachString(v: unknown, visit: (text: string, at: () => FieldPath) => void, p: (string | number)[] = []): void {
  if (typeof v === "string") visit(v, () => [...p]);
  else if (Array.isArray(v)) {
    v.forEach((x, i) => {
      p.push(i);
      eachString(x, visit, p);
      p.pop();
    });
  } else if (typeof v === "object" && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      p.push(k);
      visit(k, () => [...p]);
      eachString(x, visit, p);
      p.pop();
    }
  }
}

function addMonths(d: Date, months: number): Date {
  const r = new Date(d.getTime());
  r.setUTCMonth(r.getUTCMonth() + months);
  return r;
}

export const REGISTRY_CHECKS: readonly RegistryCheck[] = [
  {
    id: "REG-01",
    title: "An approved server (with or without conditions) answered every must-item yes (n-a only where the item allows it)",
    severity: "error",
    run: (s) => {
      if (!isApproved(s)) return [];
      const e = error(s, "REG-01");
      return answers(s)
        .filter(({ item, answer }) => item.level === "must" && answer.answer !== "yes" && !(answer.answer === "n-a" && notApplicableAllowed(s, item)))
        .map(({ item, path, answer }) =>
          e(
            [...path, "answer"],
            `${JSON.stringify(answer.answer)} on a must-item ("${item.text}") with decision ${s.review.decision}; answer yes once it holds${item.notApplicableWhen ? ` (n-a only for ${item.notApplicableWhen})` : ""}, or set decision: rejected with the reason`,
          ),
        );
    },
  },
  {
    id: "REG-02",
    title: 'A should-item answered "no" needs decision approved-with-conditions (or rejected)',
    severity: "error",
    run: (s) => {
      if (s.review.decision !== "approved") return [];
      const e = error(s, "REG-02");
      return answers(s)
        .filter(({ item, answer }) => item.level === "should" && answer.answer === "no")
        .map(({ item, path }) => e([...path, "answer"], `"no" ("${item.text}") with decision approved; set decision: approved-with-conditions and list the condition that covers it`));
    },
  },
  {
    id: "REG-03",
    title: "approved-with-conditions lists its conditions, rejected its reasons, and nothing else carries either",
    severity: "error",
    run: (s) => {
      const e = error(s, "REG-03");
      const r = s.review;
      const out: Found[] = [];
      if (r.decision === "approved-with-conditions" && (r.conditions ?? []).length === 0) out.push(e(["review", "decision"], "approved-with-conditions lists no conditions; add review.conditions"));
      if (r.decision === "rejected" && (r.reasons ?? []).length === 0) out.push(e(["review", "decision"], "rejected lists no reasons; add review.reasons"));
      if (r.decision !== "approved-with-conditions" && r.conditions !== undefined) out.push(e(["review", "conditions"], `is only for decision approved-with-conditions; remove it or change the decision from ${r.decision}`));
      if (r.decision !== "rejected" && r.reasons !== undefined) out.push(e(["review", "reasons"], `is only for decision rejected; remove it or change the decision from ${r.decision}`));
      return out;
    },
  },
  {
    id: "REG-04",
    title: `The review is at most ${REVIEW_VALID_MONTHS} months old and not in the future (the guide's "last updated within 6 months")`,
    severity: "warning in dev and staging, error in prod",
    run: (s, ctx) => {
      const date = new Date(`${s.review.date}T00:00:00Z`);
      const today = ctx.today.toISOString().slice(0, 10);
      if (date.getTime() > ctx.today.getTime()) return [{ severity: "error", message: at(s, ["review", "date"], "REG-04", `${JSON.stringify(s.review.date)} is after today (${today}); allowed the day the reviewer signed`) }];
      const due = addMonths(date, REVIEW_VALID_MONTHS);
      if (due.getTime() >= ctx.today.getTime()) return [];
      const severity = ctx.environment === "prod" && s.environments.prod ? "error" : "warning";
      return [{ severity, message: at(s, ["review", "date"], "REG-04", `${JSON.stringify(s.review.date)} is more than ${REVIEW_VALID_MONTHS} months before today (${today}): the review is stale; review the current release again and set the new date`) }];
    },
  },
  {
    id: "REG-05",
    title: "No credential value in any field: credentials are catalog references (credentials[].secret)",
    severity: "error",
    run: (s) => {
      const e = error(s, "REG-05");
      const out: Found[] = [];
      eachString(s, (text, path) => {
        const shape = credentialShape(text);
        if (shape) out.push(e(path(), `holds what looks like ${shape} (the value is not shown); delete it, revoke it, and name the catalog secret in credentials[].secret instead`));
      });
      if (s.transport.type === "stdio") {
        for (const name of Object.keys(s.transport.env ?? {})) {
          if (CREDENTIAL_NAME.test(name)) out.push(e(["transport", "env", name], `names a credential; remove it and declare it in credentials[] with secret: <catalog name> and env: ${name} (clients pass it as \${env:${name}})`));
        }
      }
      return out;
    },
  },
  {
    id: "REG-06",
    title: "A streamable HTTP server is https, TLS 1.3 minimum, and authenticated (bearer tokens from the catalog)",
    severity: "error",
    run: (s) => {
      const t = s.transport;
      if (t.type !== "streamable-http") return [];
      const e = error(s, "REG-06");
      const out: Found[] = [];
      let url: URL | undefined;
      try {
        url = new URL(t.url);
      } catch {
        out.push(e(["transport", "url"], `${JSON.stringify(t.url)} is not a URL; allowed https://<host>/<path>`));
      }
      if (url && url.protocol !== "https:") out.push(e(["transport", "url"], `${JSON.stringify(t.url)} is not https; the guide allows HTTP transports only over TLS: use https://`));
      if (url && (url.username !== "" || url.password !== "" || url.search !== "")) out.push(e(["transport", "url"], "carries credentials or a query; remove them and authenticate with transport.authentication"));
      if (t.tls?.minVersion !== "1.3") out.push(e(t.tls ? ["transport", "tls", "minVersion"] : ["transport"], `${t.tls ? `TLS ${t.tls.minVersion} is allowed` : "no tls settings"}; set tls.minVersion: "1.3" (the guide's secure HTTP configuration)`));
      if (!t.authentication) out.push(e(["transport"], "has no authentication; set authentication: {type: entra} or {type: bearer, secret: <catalog secret>}"));
      else if (t.authentication.type === "bearer" && t.authentication.secret === undefined) out.push(e(["transport", "authentication"], "bearer needs the catalog secret that holds the token; add secret: <catalog name>"));
      else if (t.authentication.type === "entra" && t.authentication.secret !== undefined) out.push(e(["transport", "authentication", "secret"], "entra authentication takes no secret; remove it or use type: bearer"));
      return out;
    },
  },
  {
    id: "REG-07",
    title: `A file-system server has a directory allowlist and a blocklist covering at least ${REQUIRED_BLOCKED_PATTERNS.join(", ")}`,
    severity: "error",
    run: (s) => {
      if (s.kind !== "filesystem") return [];
      const e = error(s, "REG-07");
      const fsLimits = s.filesystem;
      if (!fsLimits) return [e(["kind"], `a filesystem server needs filesystem: {allowedPaths: [...], blockedPatterns: [${REQUIRED_BLOCKED_PATTERNS.map((p) => JSON.stringify(p)).join(", ")}]}`)];
      const out: Found[] = [];
      if (fsLimits.allowedPaths.length === 0) out.push(e(["filesystem", "allowedPaths"], "is empty; list the directories the server may read (the guide: whitelist only)"));
      fsLimits.allowedPaths.forEach((p, i) => {
        if (/^\/+$/.test(p) || /[*?]/.test(p)) out.push(e(["filesystem", "allowedPaths", i], `${JSON.stringify(p)} is not an explicit directory; allowed a directory such as /workspace/docs (no root, no wildcards)`));
      });
      const missing = REQUIRED_BLOCKED_PATTERNS.filter((p) => !fsLimits.blockedPatterns.includes(p));
      if (missing.length > 0) out.push(e(["filesystem", "blockedPatterns"], `does not block ${missing.join(", ")}; add ${missing.map((p) => JSON.stringify(p)).join(", ")}`));
      return out;
    },
  },
  {
    id: "REG-08",
    title: `A database server uses a read-only connection, a row limit (at most ${DATABASE_LIMITS.maxRows}) and a query timeout (at most ${DATABASE_LIMITS.queryTimeoutMs} ms), and is not enabled in prod`,
    severity: "error",
    run: (s) => {
      if (s.kind !== "database") return [];
      const e = error(s, "REG-08");
      const db = s.database;
      if (!db) return [e(["kind"], "a database server needs database: {connection: read-replica, maxRows: 100, queryTimeoutMs: 5000}")];
      const out: Found[] = [];
      if (db.connection === "read-write") out.push(e(["database", "connection"], '"read-write" is not allowed (the guide: never a production write database); allowed read-replica, read-only-user'));
      if (db.maxRows === undefined) out.push(e(["database"], `has no row limit; set maxRows (the guide uses 100, at most ${DATABASE_LIMITS.maxRows})`));
      else if (db.maxRows > DATABASE_LIMITS.maxRows) out.push(e(["database", "maxRows"], `${db.maxRows} is above ${DATABASE_LIMITS.maxRows}; lower it (the guide uses 100)`));
      if (db.queryTimeoutMs === undefined) out.push(e(["database"], `has no query timeout; set queryTimeoutMs (the guide uses 5000, at most ${DATABASE_LIMITS.queryTimeoutMs})`));
      else if (db.queryTimeoutMs > DATABASE_LIMITS.queryTimeoutMs) out.push(e(["database", "queryTimeoutMs"], `${db.queryTimeoutMs} is above ${DATABASE_LIMITS.queryTimeoutMs}; lower it (the guide uses 5000)`));
      if (s.environments.prod) out.push(e(["environments", "prod"], "a database server runs on read-only replicas in non-production environments only (the guide); set prod: false"));
      return out;
    },
  },
  {
    id: "REG-09",
    title: `A GitHub PAT is fine-grained, limited to listed repositories, with minimal permissions listed (${GITHUB_PAT_PERMISSIONS.join(", ")}; metadata:read)`,
    severity: "error",
    run: (s) => {
      const e = error(s, "REG-09");
      return s.credentials.flatMap((c, i) => {
        const p = ["credentials", i];
        if (c.contentType !== "github-pat") return c.tokenType === undefined && c.repositories === undefined ? [] : [e([...p, c.tokenType === undefined ? "repositories" : "tokenType"], "is only for GitHub PATs (contentType github-pat); remove it")];
        const out: Found[] = [];
        if (c.tokenType !== "fine-grained") out.push(e([...p, c.tokenType === undefined ? "contentType" : "tokenType"], `${c.tokenType === undefined ? "no tokenType" : "a classic PAT"} is not allowed: classic tokens reach every repository the user can; create a fine-grained PAT and set tokenType: fine-grained`));
        if ((c.repositories ?? []).length === 0) out.push(e([...p, c.repositories === undefined ? "contentType" : "repositories"], "lists no repositories; limit the fine-grained PAT to the repositories the tools need and list them (owner/name)"));
        if (c.scopes.length === 0) out.push(e([...p, "scopes"], "is empty; list the PAT's permissions as permission:read or permission:write (metadata:read, contents:read, ...)"));
        c.scopes.forEach((scope, j) => {
          const m = /^([a-z_]+):(read|write)$/.exec(scope);
          if (!m) out.push(e([...p, "scopes", j], `${JSON.stringify(scope)} is not a fine-grained permission; allowed <permission>:read or <permission>:write`));
          else if (!GITHUB_PAT_PERMISSIONS.some((x) => x === m[1])) out.push(e([...p, "scopes", j], `${JSON.stringify(scope)} is beyond the guide's minimal scope; allowed ${GITHUB_PAT_PERMISSIONS.join(", ")} (read or write)`));
          else if (m[1] === "metadata" && m[2] === "write") out.push(e([...p, "scopes", j], '"metadata:write" does not exist; GitHub grants metadata read-only: use metadata:read'));
        });
        if (c.scopes.length > 0 && !c.scopes.includes("metadata:read")) out.push(e([...p, "scopes"], "omits metadata:read, which GitHub adds to every fine-grained PAT; list it so the review shows the whole grant"));
        return out;
      });
    },
  },
  {
    id: "REG-10",
    title: "A rejected server is enabled in no environment",
    severity: "error",
    run: (s) => (isApproved(s) ? [] : ENVIRONMENTS.filter((env) => s.environments[env]).map((env) => error(s, "REG-10")(["environments", env], `the server is rejected; set ${env}: false (or review it again)`))),
  },
  {
    id: "REG-11",
    title: "The reviewed release is pinned: a version or an image digest, and no @latest or unversioned npx/uvx package",
    severity: "error",
    run: (s) => {
      const e = error(s, "REG-11");
      const out: Found[] = [];
      if (s.version === undefined && s.image === undefined) out.push(e(["name"], "names no reviewed release; set version (and image: <registry/name>@sha256:<digest> for a container)"));
      if (s.package !== undefined && s.version === undefined) out.push(e(["package"], "needs the version it is pinned to; set version"));
      if (s.transport.type === "stdio" && /^(npx|uvx|pnpx|bunx)$/.test(s.transport.command)) {
        const pkg = (s.transport.args ?? []).map((a, i) => ({ a, i })).find(({ a }) => !a.startsWith("-"));
        const pinned = pkg !== undefined && s.version !== undefined && pkg.a.endsWith(`@${s.version}`);
        if (!pinned) out.push(e(pkg ? ["transport", "args", pkg.i] : ["transport", "command"], `${pkg ? JSON.stringify(pkg.a) : "the package"} is not pinned to the reviewed version; run ${s.package ?? "<package>"}@${s.version ?? "<version>"} (a run-time pull of anything else runs code nobody reviewed)`));
      }
      return out;
    },
  },
  {
    id: "REG-12",
    title: "Tools and endpoints are unique, and each reaches the detections as a valid parameter value (<server>/<tool>, <server>/<endpoint>, at most 128 characters)",
    severity: "error",
    run: (s) => {
      const e = error(s, "REG-12");
      const out: Found[] = [];
      for (const field of ["tools", "endpoints"] as const) {
        const seen = new Set<string>();
        s[field].forEach((v, i) => {
          const key = v.toLowerCase();
          if (seen.has(key)) out.push(e([field, i], `${JSON.stringify(v)} is listed twice; remove the duplicate`));
          seen.add(key);
          if (!PARAMETER_VALUE.test(`${s.name}/${key}`)) out.push(e([field, i], `${JSON.stringify(`${s.name}/${key}`)} is longer than the detections' 128-character parameter values; shorten it`));
        });
      }
      return out;
    },
  },
];

/**
 * Findings by entry, then by environment and day: a plan checks its registry twice (the shipped index.ts
 * before it registers anything, the baseline's constructor for every caller), and the checks are a
 * tenth of a thousand-server plan. Only the parser's read-only entries are kept (the same object for
 * the same file text, so an edited file is a new key); an entry built by hand is checked every time.
 */
const checked = new WeakMap<McpServerEntry, Map<string, readonly RegistryFinding[]>>();

const runChecks = (server: McpServerEntry, ctx: RegistryCheckContext): readonly RegistryFinding[] => REGISTRY_CHECKS.flatMap((c) => c.run(server, ctx).map((f) => ({ id: c.id, ...f })));

function checkServer(server: McpServerEntry, ctx: RegistryCheckContext): readonly RegistryFinding[] {
  if (!isParsedEntry(server)) return runChecks(server, ctx);
  const key = `${ctx.environment}\0${ctx.today.getTime()}`;
  let byContext = checked.get(server);
  if (byContext === undefined) checked.set(server, (byContext = new Map()));
  let findings = byContext.get(key);
  if (findings === undefined) {
    findings = runChecks(server, ctx);
    byContext.set(key, findings);
  }
  return findings;
}

/** Every check's findings for every server, in file order then check order. */
export function checkRegistry(servers: readonly McpServerEntry[], ctx: RegistryCheckContext): RegistryFinding[] {
  return servers.flatMap((s) => checkServer(s, ctx).map((f) => ({ ...f })));
}

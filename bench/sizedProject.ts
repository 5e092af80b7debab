import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";

/*
 * The dev stack grown to n catalog secrets and n approved servers, as bench/run.ts plans it and
 * test/planGolden.e2e.test.ts pins it. The program reads servers/ next to its index.ts, so the grown
 * registry lives in a project directory of its own: the program and its data copied, the library and
 * node_modules linked (the same modules load as from the checkout).
 */
const LINKED = ["src", "node_modules", "queries", "alerts", "policy"];
const COPIED = ["index.ts", "Pulumi.yaml", "package.json", "tsconfig.json"];

/** The name of the i-th generated catalog secret. */
export const secretName = (i: number) => `mcp-token-${String(i).padStart(4, "0")}`;
/** Every generated catalog secret's expiry date. */
export const SECRET_EXPIRES = "2026-12-14";

/** The project in `root` under `dir` with its own servers/ (file name to text) and a copy of its stacks/. */
export function projectWithServers(root: string, dir: string, servers: Record<string, string>): string {
  fs.rmSync(path.join(dir, "servers"), { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "servers"), { recursive: true });
  fs.mkdirSync(path.join(dir, "stacks"), { recursive: true });
  for (const f of LINKED) if (!fs.existsSync(path.join(dir, f))) fs.symlinkSync(path.join(root, f), path.join(dir, f), "dir");
  for (const f of COPIED) fs.copyFileSync(path.join(root, f), path.join(dir, f));
  for (const f of fs.readdirSync(path.join(root, "stacks"))) fs.copyFileSync(path.join(root, "stacks", f), path.join(dir, "stacks", f));
  for (const [file, text] of Object.entries(servers)) fs.writeFileSync(path.join(dir, "servers", file), text);
  return dir;
}

/** Writes the grown project under `dir` and returns its stack config file (for `plan --cwd <dir> --config-file <file>`). */
export function sizedProject(root: string, dir: string, n: number): { projectDir: string; configFile: string } {
  const servers: Record<string, string> = {};

  // Each generated server is the reviewed GitHub server under another name, reading its own catalog secret.
  const template = parse(fs.readFileSync(path.join(root, "servers/github.yaml"), "utf8"));
  for (let i = 0; i < n; i++) {
    const name = `server-${i}`;
    const server = { ...template, name, credentials: template.credentials.map((c: Record<string, unknown>) => ({ ...c, secret: secretName(i) })) };
    servers[`${name}.yaml`] = stringify(server);
  }
  projectWithServers(root, dir, servers);

  const doc = parse(fs.readFileSync(path.join(root, "stacks/Pulumi.dev.yaml"), "utf8"));
  doc.config["mcp-guard:secrets"] = Array.from({ length: n }, (_, i) => ({ name: secretName(i), contentType: "github-pat", owner: "platform-team", rotationDays: 30, expires: SECRET_EXPIRES }));
  const configFile = path.join(dir, `dev-${n}.yaml`);
  fs.writeFileSync(configFile, stringify(doc));
  return { projectDir: dir, configFile };
}

import * as fs from "node:fs";
import * as path from "node:path";
import { isNode } from "yaml";
import { InputError } from "../errors";
import { dataFiles } from "../kql/catalog";
import { Environment } from "../naming";
import { parsedOncePerText } from "../parseOnce";
import { parseYamlValue, parseYamlValues, YamlValue } from "../yamlFile";
import { isApproved, McpServerEntry, serverFileSchema } from "./schema";

/** The servers/ directory as loaded: every file that parsed, and every problem, located. */
export interface McpRegistry {
  servers: McpServerEntry[];
  /** `servers/github.yaml:12: review.date: <problem>` lines; empty when every file is valid. */
  problems: string[];
}

type FieldPath = readonly (string | number)[];

/** `review.checklist.sourceCode.sourceReviewed`, `tools[2]`: the path as a user finds it in the file. */
export function fieldPath(p: FieldPath): string {
  return p.map((x, i) => (typeof x === "number" ? `[${x}]` : i === 0 ? x : `.${x}`)).join("") || "(file)";
}

/**
 * Entries this parser made. Callers treat them as read-only (the same text gives the same object,
 * parseOnce.ts), so what is computed from one can be kept with it; an entry built or edited by hand is not here.
 */
const parsedEntries = new WeakSet<McpServerEntry>();

/** Whether `server` is an entry parseServerFile made (and so read-only). */
export function isParsedEntry(server: McpServerEntry): boolean {
  return parsedEntries.has(server);
}

/** Parses one server file: the entry, or located problems (`<file>:<line>: <field>: <problem>`). */
export function parseServerFile(file: string, src: string, yamlOf: () => YamlValue = () => parseYamlValue(file, src)): { server?: McpServerEntry; problems: string[] } {
  const yaml = yamlOf();
  if (yaml.problems.length > 0 || yaml.value === undefined) return { problems: yaml.problems.length > 0 ? yaml.problems : [`${file}:1: (file): is empty; allowed a server file (README "The approval registry")`] };
  // Only a problem needs a line, so a file whose value came from the cache is parsed again only then.
  // The entry keeps the locator, not the raw value: the schema's output is what callers read.
  const { located } = yaml;
  const lineOf = (p: FieldPath): number => {
    const { doc, lines } = located();
    for (let n = p.length; doc && n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  const parsed = serverFileSchema.safeParse(yaml.value);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((i) => {
        const at = i.path.filter((x): x is string | number => typeof x !== "symbol");
        // An unknown field is located at its own line, not at the mapping that holds it.
        const p = i.code === "unrecognized_keys" && i.keys.length > 0 ? [...at, i.keys[0]] : at;
        return `${file}:${lineOf(p)}: ${fieldPath(p)}: ${i.message}`;
      }),
    };
  }
  const stem = path.basename(file).replace(/\.ya?ml$/i, "");
  if (parsed.data.name !== stem) return { problems: [`${file}:${lineOf(["name"])}: name: ${JSON.stringify(parsed.data.name)} must equal the file name; rename the file to servers/${parsed.data.name}.yaml or set name: ${stem}`] };
  const server: McpServerEntry = { ...parsed.data, file, lineOf };
  parsedEntries.add(server);
  return { server, problems: [] };
}

const parseServerFileOnce = parsedOncePerText(parseServerFile);

/**
 * Loads every servers/*.yaml in `dir`. Problems are returned, not thrown, so `validate` and the review
 * command can show them all; `requireRegistry` throws them as one error.
 */
export function loadRegistry(dir: string, label = "servers"): McpRegistry {
  if (!fs.existsSync(dir)) return { servers: [], problems: [`${label}: no such directory; allowed one reviewed server per file, servers/<name>.yaml (README "The approval registry")`] };
  const problems: string[] = [];
  const servers: McpServerEntry[] = [];
  const texts = dataFiles(dir, /\.ya?ml$/i, label, problems).map((f) => ({ file: `${label}/${f}`, src: fs.readFileSync(path.join(dir, f), "utf8") }));
  // The directory's values are read only when a file is not already parsed in this process.
  let yamls: YamlValue[] | undefined;
  texts.forEach(({ file, src }, i) => {
    const parsed = parseServerFileOnce(file, src, () => (yamls ??= parseYamlValues(dir, texts))[i]);
    problems.push(...parsed.problems);
    if (parsed.server) servers.push(parsed.server);
  });
  return { servers, problems };
}

/** The registry in `dir`, or an InputError listing every problem of every file. */
export function requireRegistry(dir: string, label = "servers"): McpServerEntry[] {
  const registry = loadRegistry(dir, label);
  if (registry.problems.length > 0) throw new InputError("invalid server registry", registry.problems);
  return registry.servers;
}

/** Servers enabled in `environment` (whatever the decision: the checks refuse rejected ones enabled). */
export function enabledIn(servers: readonly McpServerEntry[], environment: Environment): McpServerEntry[] {
  return servers.filter((s) => s.environments[environment]);
}

/** Servers that run in `environment`: approved (or approved with conditions) and enabled there. */
export function approvedFor(servers: readonly McpServerEntry[], environment: Environment): McpServerEntry[] {
  return enabledIn(servers, environment).filter(isApproved);
}

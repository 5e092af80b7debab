import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/*
 * Results of pure, slow parses (Kusto.Language analyses, YAML documents) kept on disk under a hash of
 * everything they depend on, so a plan, `validate` or a test worker computes each one once per machine,
 * not once per process. A miss (no file, a damaged one, a read-only disk) only costs the computation.
 */

/**
 * Where results are kept: `MCP_GUARD_CACHE` (a directory, or `off`), else the `.cache` folder of the
 * nearest node_modules, the convention build tools share (babel-loader, eslint, terser); one
 * subdirectory per kind.
 */
function cacheDir(kind: string): string | undefined {
  const configured = process.env.MCP_GUARD_CACHE;
  if (configured === "off") return undefined;
  if (configured) return path.join(configured, kind);
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const modules = path.join(dir, "node_modules");
    if (fs.existsSync(modules)) return path.join(modules, ".cache", "mcp-guard", kind);
  }
  return undefined;
}

export interface DiskCache<T> {
  /** The hex SHA-256 of the parts, each ended by a NUL so no two lists of parts share a key. */
  key(...parts: string[]): string;
  /** The stored result, or undefined when there is none in the shape `isValid` accepts. */
  read(key: string): T | undefined;
  write(key: string, value: T): void;
}

/** An installed package's version; undefined where a bundle holds it (the policy pack) and no package.json says which. */
function packageVersion(name: string): string | undefined {
  try {
    const version: unknown = JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A cache of JSON results of one kind, computed by the package `computedBy`: its version is part of
 * every key, and where it cannot be known the cache is off. `isValid` rejects a file another version
 * (or a crash) left.
 */
export function diskCache<T>(kind: string, computedBy: string, isValid: (v: unknown) => v is T): DiskCache<T> {
  const version = packageVersion(computedBy);
  const where = () => (version === undefined ? undefined : cacheDir(kind));
  return {
    key(...parts) {
      const hash = createHash("sha256").update(kind).update("\0").update(`${computedBy}@${version}`).update("\0");
      for (const p of parts) hash.update(p).update("\0");
      return hash.digest("hex");
    },
    read(key) {
      const dir = where();
      if (!dir) return undefined;
      try {
        const parsed: unknown = JSON.parse(fs.readFileSync(path.join(dir, `${key}.json`), "utf8"));
        return isValid(parsed) ? parsed : undefined;
      } catch {
        return undefined;
      }
    },
    // Written to a temporary name and renamed, so parallel test workers never read half a file.
    write(key, value) {
      const dir = where();
      if (!dir) return;
      try {
        fs.mkdirSync(dir, { recursive: true });
        const file = path.join(dir, `${key}.json`);
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(value));
        fs.renameSync(tmp, file);
      } catch {
        // An unwritable cache directory makes the next run cold, nothing worse.
      }
    },
  };
}

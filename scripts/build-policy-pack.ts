import * as fs from "node:fs";
import * as path from "node:path";
import { build } from "esbuild";

/*
 * `pulumi policy publish` runs `npm pack` in the pack's directory and uploads what it packs; policy/
 * itself only wires rules that live in ../src, so packing it would ship none of them. This writes a
 * self-contained pack: the entry bundled with every rule and helper it imports, its data files, and a
 * package.json that depends only on what is loaded at run time (@pulumi/policy, @pulumi/pulumi, and
 * Kusto.Language for the DCR transform check),
 * with an npm-shrinkwrap.json cut from this repository's lockfile, so the pack installs the exact
 * versions the tests ran (npm pack never ships package-lock.json; it does ship a shrinkwrap).
 */

const ROOT = path.resolve(__dirname, "..");
// Kusto.Language is loaded at run time by path (src/kql/kusto.ts), not bundled: DCR-04 analyses the
// DCR transform with it, so the pack installs it like the policy server's own modules.
const RUNTIME_DEPENDENCIES = ["@pulumi/policy", "@pulumi/pulumi", "@kusto/language-service-next"] as const;

interface LockEntry {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}
interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/** The lockfile entries Node's resolution reaches from `roots`, at the paths the root lockfile installs them. */
export function shrinkwrapFor(lock: Lockfile, name: string, version: string, roots: Record<string, string>): Lockfile {
  const kept: Record<string, LockEntry> = {};
  const parentOf = (at: string) => (at.includes("/node_modules/") ? at.slice(0, at.lastIndexOf("/node_modules/")) : "");
  const visit = (from: string, dependency: string, optional: boolean) => {
    for (let base: string | undefined = from; base !== undefined; base = base === "" ? undefined : parentOf(base)) {
      const at = `${base ? `${base}/` : ""}node_modules/${dependency}`;
      const entry = lock.packages[at];
      if (!entry) continue;
      if (kept[at]) return;
      const { dev: _dev, devOptional: _devOptional, ...rest } = entry;
      kept[at] = rest;
      const requiredPeers = Object.keys(entry.peerDependencies ?? {}).filter((p) => !entry.peerDependenciesMeta?.[p]?.optional);
      for (const d of [...Object.keys(entry.dependencies ?? {}), ...requiredPeers]) visit(at, d, false);
      for (const d of Object.keys(entry.optionalDependencies ?? {})) visit(at, d, true);
      return;
    }
    if (!optional) throw new Error(`${dependency} (needed from ${from || "the pack"}) is not in package-lock.json; run npm install`);
  };
  for (const root of Object.keys(roots)) visit("", root, false);
  const sorted = Object.fromEntries(Object.keys(kept).sort().map((k) => [k, kept[k]]));
  return { ...{ name, version, lockfileVersion: lock.lockfileVersion, requires: true }, packages: { "": { name, version, dependencies: roots }, ...sorted } };
}

export async function buildPolicyPack(outDir: string): Promise<string> {
  const rootPackage = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(ROOT, "policy/index.ts")],
    outfile: path.join(outDir, "index.js"),
    bundle: true,
    platform: "node",
    target: "node20",
    external: [...RUNTIME_DEPENDENCIES],
    logLevel: "warning",
  });
  for (const file of ["PulumiPolicy.yaml", "suppressions.yaml"]) fs.copyFileSync(path.join(ROOT, "policy", file), path.join(outDir, file));
  const manifest = {
    name: "mcp-guard-policy",
    version: rootPackage.version,
    description: "mcp-guard secure defaults for MCP governance on Azure, as a CrossGuard policy pack",
    license: rootPackage.license,
    ...(rootPackage.repository ? { repository: rootPackage.repository } : {}),
    main: "index.js",
    files: ["index.js", "PulumiPolicy.yaml", "suppressions.yaml", "npm-shrinkwrap.json"],
    dependencies: Object.fromEntries(RUNTIME_DEPENDENCIES.map((d) => [d, rootPackage.dependencies[d]])),
  };
  fs.writeFileSync(path.join(outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const lock: Lockfile = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
  fs.writeFileSync(path.join(outDir, "npm-shrinkwrap.json"), `${JSON.stringify(shrinkwrapFor(lock, manifest.name, manifest.version, manifest.dependencies), null, 2)}\n`);
  return outDir;
}

if (require.main === module) {
  const out = path.resolve(process.argv[2] ?? path.join(ROOT, "dist/policy-pack"));
  buildPolicyPack(out).then(
    (dir) => process.stdout.write(`policy pack written to ${path.relative(process.cwd(), dir) || "."}; publish it with: (cd ${path.relative(process.cwd(), dir)} && pulumi policy publish <org>)\n`),
    (err: unknown) => {
      process.stderr.write(`building the policy pack failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

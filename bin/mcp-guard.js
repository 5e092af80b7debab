#!/usr/bin/env node
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const root = path.join(__dirname, "..");
const debug = process.argv.includes("--debug");

// Without node_modules nothing below loads: say so in one line instead of a module-resolution trace.
function requireInstalled(load) {
  try {
    return load();
  } catch (err) {
    if (!err || err.code !== "MODULE_NOT_FOUND") throw err;
    const missing = (/Cannot find module '([^']+)'/.exec(err.message) || [])[1] || "a dependency";
    process.stderr.write(`error: mcp-guard's dependencies are not installed (${missing} is missing in ${path.resolve(root)}); run npm ci there\n`);
    process.exit(2);
  }
}

/** True when every src/**\/*.ts has its dist/src/**\/*.js, built after it: only then may dist/ stand in for src/. */
function builtFrom(srcDir, distDir) {
  for (const entry of fs.readdirSync(srcDir, { withFileTypes: true })) {
    const from = path.join(srcDir, entry.name);
    if (entry.isDirectory()) {
      if (!builtFrom(from, path.join(distDir, entry.name))) return false;
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
      const built = path.join(distDir, `${entry.name.slice(0, -3)}.js`);
      if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < fs.statSync(from).mtimeMs) return false;
    }
  }
  return true;
}

// The CLI runs compiled from dist/ (`npm run build`) when that build is current; a checkout without
// it, or edited since, runs its source through tsx, so an edit is never planned with stale code.
// tsx is registered either way, to load the planned program (index.ts, a consumer's .ts): compiled,
// only when a plan imports one (src/plan/typeScriptLoader.ts), since commands such as validate never do;
// its ES module hooks only once a file it loads holds a native import().
const srcDir = path.join(root, "src");
const distDir = path.join(root, "dist", "src");
const compiled = fs.existsSync(path.join(distDir, "cli.js")) && (!fs.existsSync(srcDir) || builtFrom(srcDir, distDir));
const cliDir = compiled ? distDir : srcDir;
// tsx turns source maps on; they make every captured stack (Pulumi keeps one per resource) costly,
// and only a stack trace printed under --debug needs them.
function registerTsx() {
  const nodeJs = Module._extensions[".js"];
  requireInstalled(() => require("tsx/cjs"));
  require(path.join(cliDir, "plan", "typeScriptLoader")).keepTsxToPrograms(nodeJs, compiled ? [distDir] : [], () => require("tsx/esm/api").register());
  if (!debug) process.setSourceMapsEnabled(false);
}
if (compiled) requireInstalled(() => require(path.join(cliDir, "plan", "typeScriptLoader"))).deferTypeScriptLoader(registerTsx);
else registerTsx();
if (compiled && fs.existsSync(srcDir)) {
  // The program imports ./src/*.ts; it must get the CLI's own compiled modules, or the CLI would not
  // recognise the program's errors (instanceof across two copies) and would load everything twice.
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveToBuild(...args) {
    const file = resolve.apply(this, args);
    if (typeof file !== "string" || !file.startsWith(srcDir + path.sep) || !file.endsWith(".ts")) return file;
    const built = path.join(distDir, `${file.slice(srcDir.length + 1, -3)}.js`);
    return fs.existsSync(built) ? built : file;
  };
}
requireInstalled(() => require(path.join(cliDir, "plan", "deferredModules"))).deferUnusedModules(root);

// Exit only once stdout and stderr are flushed: process.exit() drops whatever a pipe has not taken
// yet, which cut `plan --json | ...` off at 64 KB. Exiting explicitly is still needed because the
// Pulumi runtime can leave handles open after a plan.
function exit(code) {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

requireInstalled(() => require(path.join(cliDir, "cli")))
  .main(process.argv.slice(2))
  .then(exit)
  .catch((err) => {
    // main() reports every error itself; this is the last line of defence, and still one line.
    process.stderr.write(`internal error: ${debug && err && err.stack ? err.stack : String(err && err.message ? err.message : err).split("\n")[0]}\n`);
    exit(4);
  });

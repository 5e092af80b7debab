#!/usr/bin/env node
const fs = require("node:fs");
const path = require("node:path");

// tsx transpiles the Pulumi programs the CLI plans (and, in a checkout, the CLI itself); an installed
// package runs its built CLI from dist/.
// Without node_modules nothing below loads: say so in one line instead of a module-resolution trace.
function requireInstalled(load) {
  try {
    return load();
  } catch (err) {
    if (!err || err.code !== "MODULE_NOT_FOUND") throw err;
    const missing = (/Cannot find module '([^']+)'/.exec(err.message) || [])[1] || "a dependency";
    process.stderr.write(`error: mcp-guard's dependencies are not installed (${missing} is missing in ${path.resolve(__dirname, "..")}); run npm ci there\n`);
    process.exit(2);
  }
}
requireInstalled(() => {
  require("tsx/cjs");
  require("tsx/esm/api").register();
});
const source = path.join(__dirname, "..", "src", "cli.ts");
const cli = fs.existsSync(source) ? source : path.join(__dirname, "..", "dist", "src", "cli.js");

// Exit only once stdout and stderr are flushed: process.exit() drops whatever a pipe has not taken
// yet, which cut `plan --json | ...` off at 64 KB. Exiting explicitly is still needed because the
// Pulumi runtime can leave handles open after a plan.
function exit(code) {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

requireInstalled(() => require(cli))
  .main(process.argv.slice(2))
  .then(exit)
  .catch((err) => {
    // main() reports every error itself; this is the last line of defence, and still one line.
    const debug = process.argv.includes("--debug");
    process.stderr.write(`internal error: ${debug && err && err.stack ? err.stack : String(err && err.message ? err.message : err).split("\n")[0]}\n`);
    exit(4);
  });

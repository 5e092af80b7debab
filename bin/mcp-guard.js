#!/usr/bin/env node
const fs = require("node:fs");
const path = require("node:path");

// tsx transpiles the Pulumi programs the CLI plans (and, in a checkout, the CLI itself); an installed
// package runs its built CLI from dist/.
require("tsx/cjs");
require("tsx/esm/api").register();
const source = path.join(__dirname, "..", "src", "cli.ts");
const cli = fs.existsSync(source) ? source : path.join(__dirname, "..", "dist", "src", "cli.js");

// Exit only once stdout and stderr are flushed: process.exit() drops whatever a pipe has not taken
// yet, which cut `plan --json | ...` off at 64 KB. Exiting explicitly is still needed because the
// Pulumi runtime can leave handles open after a plan.
function exit(code) {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

require(cli)
  .main(process.argv.slice(2))
  .then(exit)
  .catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    exit(1);
  });

#!/usr/bin/env node
// The CLI is TypeScript; tsx transpiles it, and the Pulumi program it plans, on the fly.
require("tsx/cjs");
require("tsx/esm/api").register();

// Exit only once stdout and stderr are flushed: process.exit() drops whatever a pipe has not taken
// yet, which cut `plan --json | ...` off at 64 KB. Exiting explicitly is still needed because the
// Pulumi runtime can leave handles open after a plan.
function exit(code) {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

require("../src/cli.ts")
  .main(process.argv.slice(2))
  .then(exit)
  .catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    exit(1);
  });

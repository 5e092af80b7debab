#!/usr/bin/env node
// The CLI is TypeScript; tsx transpiles it, and the Pulumi program it plans, on the fly.
require("tsx/cjs");
require("tsx/esm/api").register();
require("../src/cli.ts")
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  });

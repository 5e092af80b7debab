/** Jest only transpiles (SWC); `tsc --noEmit` type-checks as its own step of `npm test`. */
const shared = {
  testEnvironment: "<rootDir>/test/environment.cjs",
  roots: ["<rootDir>/test"],
  setupFiles: ["<rootDir>/test/setupEnv.ts", "<rootDir>/test/deferModules.ts"],
  globalSetup: "<rootDir>/test/globalSetup.ts",
  // The consumer example imports the package by name; in the tests that name is this checkout's source.
  moduleNameMapper: { "^mcp-guard$": "<rootDir>/src/index.ts" },
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } }],
    // jose 6 ships ESM only, and Jest's own loader cannot require(esm) before Node 24.9.
    "/node_modules/jose/.+\\.js$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "ecmascript" } }, module: { type: "commonjs" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!jose/)"],
};

/*
 * Three projects, all run by `npm test`: the unit tests, the AWS form's tests (aws/test, the `aws`
 * workspace), and the slow end-to-end checks that install, start or spawn real things
 * (`*.e2e.test.ts`, in both), kept apart so `npx jest --selectProjects unit` stays quick.
 */
module.exports = {
  testTimeout: 60000,
  // Jest's default is one worker fewer than the cores, which on a 2-core runner is one worker, run in
  // band: half the machine idle. The main process only collects results while the workers run.
  maxWorkers: "100%",
  // Each test file leaves memory behind in its worker (run in band, the heap reached 1.9 GB after the
  // 95 files, with Jest's stock environment too; what holds it is not yet found), so later files'
  // collections marked ever more: a worker that ends a file above this is replaced by a fresh one.
  // Measured on the 2-core runner: 116.5 s without it, 104.6 s twice with 700 MB, 113.9 s with 450 MB
  // (restarts cost more than they save).
  workerIdleMemoryLimit: "700MB",
  testSequencer: "<rootDir>/test/sequencer.cjs",
  projects: [
    { ...shared, displayName: "unit", testMatch: ["**/*.test.ts"], testPathIgnorePatterns: ["\\.e2e\\.test\\.ts$"] },
    // The AWS tests need no Azure plans, so they skip the global setup that plans the Azure stacks.
    { ...shared, globalSetup: undefined, displayName: "aws", roots: ["<rootDir>/aws/test"], testMatch: ["**/*.test.ts"], testPathIgnorePatterns: ["\\.e2e\\.test\\.ts$"] },
    { ...shared, displayName: "e2e", roots: ["<rootDir>/test", "<rootDir>/aws/test"], testMatch: ["**/*.e2e.test.ts"] },
  ],
};

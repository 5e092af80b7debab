/** Jest only transpiles (SWC); `tsc --noEmit` type-checks as its own step of `npm test`. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  setupFiles: ["<rootDir>/test/setupEnv.ts"],
  globalSetup: "<rootDir>/test/globalSetup.ts",
  // The consumer example imports the package by name; in the tests that name is this checkout's source.
  moduleNameMapper: { "^mcp-guard$": "<rootDir>/src/index.ts" },
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } }] },
  testTimeout: 60000,
};

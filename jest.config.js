/** Jest only transpiles (SWC); `tsc --noEmit` type-checks as its own step of `npm test`. */
const shared = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  setupFiles: ["<rootDir>/test/setupEnv.ts"],
  // The consumer example imports the package by name; in the tests that name is this checkout's source.
  moduleNameMapper: { "^mcp-guard$": "<rootDir>/src/index.ts" },
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } }] },
};

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      ...shared,
      displayName: "unit",
      testMatch: ["**/*.test.ts"],
      testPathIgnorePatterns: ["\\.engine\\.test\\.ts$"],
      globalSetup: "<rootDir>/test/globalSetup.ts",
    },
    {
      // The program run through Pulumi's own language host (ts-node type-checks index.ts): minutes, not seconds.
      ...shared,
      displayName: "engine",
      testMatch: ["**/*.engine.test.ts"],
    },
  ],
};

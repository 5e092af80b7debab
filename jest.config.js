/** Jest only transpiles (SWC); `tsc --noEmit` type-checks as its own step of `npm test`. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  setupFiles: ["<rootDir>/test/setupEnv.ts"],
  globalSetup: "<rootDir>/test/globalSetup.ts",
  // The consumer example imports the package by name; in the tests that name is this checkout's source.
  moduleNameMapper: { "^mcp-guard$": "<rootDir>/src/index.ts" },
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } }],
    // jose 6 ships ESM only, and Jest's own loader cannot require(esm) before Node 24.9.
    "/node_modules/jose/.+\\.js$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "ecmascript" } }, module: { type: "commonjs" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!jose/)"],
  testTimeout: 60000,
};

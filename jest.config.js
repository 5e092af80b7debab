/** Jest only transpiles (SWC); `tsc --noEmit` type-checks as its own step of `npm test`. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  setupFiles: ["<rootDir>/test/setupEnv.ts"],
  globalSetup: "<rootDir>/test/globalSetup.ts",
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } }] },
  testTimeout: 60000,
};

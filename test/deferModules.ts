import { DEFERRED_MODULES, deferredExports } from "../src/plan/deferredModules";

/*
 * Every test file that imports @pulumi/pulumi or zod would otherwise load @pulumi/pulumi's Automation
 * API and the TypeScript compiler (0.4 of the 0.65 s the import takes under jest) and zod's 40-odd
 * translations into its own module registry, for the few tests that use them. They load on first use,
 * as in the CLI (src/plan/deferredModules.ts).
 */
for (const { file, functionsReadAtLoad } of DEFERRED_MODULES) {
  jest.mock(file, () => deferredExports(() => jest.requireActual<Record<PropertyKey, unknown>>(file), functionsReadAtLoad));
}

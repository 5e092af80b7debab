import { DEFERRED_PULUMI_MODULES, deferredExports } from "../src/plan/deferredModules";

/*
 * Every test file that imports @pulumi/pulumi would otherwise load its Automation API and the TypeScript
 * compiler into its own module registry (0.4 of the 0.65 s the import takes under jest), for the few
 * tests that use them. They load on first use, as in the CLI (src/plan/deferredModules.ts).
 */
for (const { file, functionsReadAtLoad } of DEFERRED_PULUMI_MODULES) {
  jest.mock(file, () => deferredExports(() => jest.requireActual<Record<PropertyKey, unknown>>(file), functionsReadAtLoad));
}

import * as fs from "node:fs";
import { analyzeComponents, componentSchemaSource, PORTABLE_COMPONENTS, SCHEMA_FILE } from "../scripts/componentSchema";

/*
 * The committed schema is what Pulumi's own analyzer (what `pulumi package add` runs) derives from the
 * components today: a change to a component's args that the analyzer rejects, or that changes what
 * other languages see, fails here. `npx tsx scripts/componentSchema.ts` rewrites the file.
 */
describe("the components' Pulumi schema", () => {
  it(
    "is the analyzer's, for every portable component",
    () => {
      const result = analyzeComponents();
      expect(Object.keys(result.components).sort()).toEqual([...PORTABLE_COMPONENTS].sort());
      expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(componentSchemaSource(result));
    },
    600_000,
  );
});

import * as pulumi from "@pulumi/pulumi";

/**
 * Input that cannot be deployed, found before anything is registered: one line per problem. Extends
 * RunError so `pulumi up` prints the lines without a stack trace, and the CLI exits 1 with them.
 */
export class InputError extends pulumi.RunError {
  constructor(
    /** What was invalid, as the first line says: "invalid stack config", "invalid query catalog". */
    readonly what: string,
    readonly problems: string[],
  ) {
    super(`${what}:\n${problems.join("\n")}`);
    this.name = "InputError";
  }
}

/**
 * Input that cannot be deployed, found before anything is registered: one line per problem. The CLI
 * exits 1 with the lines; `pulumi up` prints them without a stack trace because it recognises Pulumi's
 * RunError by this marker property (RunError.isInstance duck-types it). Not importing @pulumi/pulumi
 * keeps this module, and the policy code that uses it, free of a second SDK copy in the policy pack.
 */
export class InputError extends Error {
  readonly __pulumiRunError = true;

  constructor(
    /** What was invalid, as the first line says: "invalid stack config", "invalid query catalog". */
    readonly what: string,
    readonly problems: string[],
  ) {
    super(`${what}:\n${problems.join("\n")}`);
    this.name = "InputError";
  }
}

/** Bad stack config: one line per problem. */
export class ConfigError extends InputError {
  constructor(problems: string[], what = "invalid stack config") {
    super(what, problems);
    this.name = "ConfigError";
  }
}

/** A mistake in how the CLI was called (a flag, a path, a stack name): exit 2 with the one line. */
export class UsageError extends Error {}

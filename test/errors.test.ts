import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../src/config";
import { InputError } from "../src/errors";

describe("InputError", () => {
  it("is a Pulumi RunError to the engine, so pulumi up prints its lines without a stack trace", () => {
    expect(pulumi.RunError.isInstance(new InputError("invalid stack config", ["a", "b"]))).toBe(true);
    expect(pulumi.RunError.isInstance(new ConfigError(["x"]))).toBe(true);
    expect(new ConfigError(["mcp-guard:x: bad"]).message).toBe("invalid stack config:\nmcp-guard:x: bad");
  });
});

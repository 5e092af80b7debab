import { deferTypeScriptLoader, registerTypeScriptLoader } from "../src/plan/typeScriptLoader";

describe("the deferred TypeScript loader", () => {
  test("registers once, on the first program import, and not before", () => {
    const register = jest.fn();
    deferTypeScriptLoader(register);
    expect(register).not.toHaveBeenCalled();
    registerTypeScriptLoader();
    registerTypeScriptLoader();
    expect(register).toHaveBeenCalledTimes(1);
  });

  test("is a no-op where nothing was deferred (the CLI run through tsx, jest)", () => {
    expect(() => registerTypeScriptLoader()).not.toThrow();
  });
});

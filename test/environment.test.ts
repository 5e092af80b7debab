import * as vm from "node:vm";

/*
 * test/environment.cjs makes each file's context with vm.constants.DONT_CONTEXTIFY by swapping
 * node:vm's createContext while jest-environment-node's constructor runs. If a Jest upgrade stops
 * calling it there, every file still passes, only several times slower: this fails instead. Only a
 * context made that way is its own global (a contextified one is a separate sandbox object).
 */
describe("the test environment", () => {
  it("runs this file in a context without Node's contextify interceptors", () => {
    expect(vm.isContext(globalThis)).toBe(true);
  });

  it("still gives the file Jest's globals and Node's", () => {
    expect(typeof expect).toBe("function");
    expect(typeof jest.fn).toBe("function");
    expect(globalThis.Buffer).toBe(Buffer);
    expect(typeof process.hrtime.bigint).toBe("function");
  });
});

import { AsyncLocalStorage } from "node:async_hooks";

/*
 * @pulumi/pulumi keeps its AsyncLocalStorage on the global (runtime/state.js), and each test file's
 * global is its own, so every file that loads Pulumi enables one more storage in its worker. Node keeps
 * an enabled storage until it is disabled, and runs every storage's propagation for every promise any
 * later file creates: the worker's last files created promises at a cost that grew with each file
 * before them (async_hooks' _propagate was 6.6 of 175 s in one in-band profile of the suite). Disabling
 * it when the file ends leaves the next file the worker as it found it.
 */
afterAll(() => {
  const storage: unknown = Reflect.get(globalThis, "asyncLocalStorage");
  if (storage instanceof AsyncLocalStorage) storage.disable();
});

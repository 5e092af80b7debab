const vm = require("node:vm");
const { TestEnvironment } = require("jest-environment-node");

/**
 * Jest's node environment, with the test file's context made by vm.constants.DONT_CONTEXTIFY.
 * Jest contextifies a Proxy, and a contextified global answers every global lookup (Math, Map, Array,
 * String...) through Node's C++ interceptors: about 200 ns each against 2-5 outside (measured in a
 * test file on this project's runner), which made code under test run several times slower than in
 * the CLI (the baseline week's generator: 1.8 s under jest, 0.33 s outside it). A context made without
 * contextifying has no interceptors, and its own global is what runInContext("this") returns, so
 * Jest sets it up unchanged (nodejs/node#31658: the interceptor cost, and DONT_CONTEXTIFY as the way
 * round it, available from Node 20). jest-environment-node reads createContext from node:vm at the
 * call, so it is swapped only while Jest's constructor runs.
 */
class UncontextifiedEnvironment extends TestEnvironment {
  constructor(config, context) {
    const createContext = vm.createContext;
    vm.createContext = () => createContext(vm.constants.DONT_CONTEXTIFY);
    try {
      super(config, context);
    } finally {
      vm.createContext = createContext;
    }
  }
}

module.exports = UncontextifiedEnvironment;

const Sequencer = require("@jest/test-sequencer").default;
const path = require("node:path");

/**
 * Jest starts the slowest files first only when its cache holds their last durations; CI starts from a
 * fresh checkout with no cache, and jest falls back to file size, which put the minute-long end-to-end
 * files last and left one worker running them alone at the end. This falls back instead to durations
 * measured on the 2-core runner (test/durations.json; files under a second are left out and sort
 * last). A stale figure only changes the order, never what runs.
 */
const MEASURED = require("./durations.json");
const ROOT = path.resolve(__dirname, "..");

class SlowestFirst extends Sequencer {
  time(test) {
    return super.time(test) ?? (MEASURED[path.relative(ROOT, test.path).split(path.sep).join("/")] ?? 0) * 1000;
  }
}

module.exports = SlowestFirst;

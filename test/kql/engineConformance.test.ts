import { runQuery } from "../../src/kql/engine";

/**
 * Examples from the Kusto reference documentation, run as written there, compared with the output the
 * page documents. Each block cites its page; nothing here is an invented expectation.
 */
const now = new Date("2026-12-01T12:00:00Z");
const run = (kql: string) => runQuery(kql, { tables: {}, now });
const one = (kql: string) => run(kql).rows[0];

describe("bin() — https://learn.microsoft.com/en-us/kusto/query/bin-function", () => {
  test("numeric bin: print bin(4.5, 1) is 4", () => {
    expect(one("print bin(4.5, 1)")).toEqual({ print_0: 4 });
  });

  test("timespan bin: print bin(time(16d), 7d) is 14 days", () => {
    // The page renders the 14-day timespan as 14:00:00:00; the query API writes it as 14.00:00:00.
    expect(one("print bin(time(16d), 7d)")).toEqual({ print_0: "14.00:00:00" });
  });

  test("datetime bin: print bin(datetime(1970-05-11 13:45:07), 1d) is 1970-05-11T00:00:00Z", () => {
    expect(one("print bin(datetime(1970-05-11 13:45:07), 1d)")).toEqual({ print_0: "1970-05-11T00:00:00Z" });
  });
});

describe("datetime_diff() — https://learn.microsoft.com/en-us/kusto/query/datetime-diff-function", () => {
  test("the page's example over every period", () => {
    const kql = `print
year = datetime_diff('year',datetime(2017-01-01),datetime(2000-12-31)),
quarter = datetime_diff('quarter',datetime(2017-07-01),datetime(2017-03-30)),
month = datetime_diff('month',datetime(2017-01-01),datetime(2015-12-30)),
week = datetime_diff('week',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)),
day = datetime_diff('day',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)),
hour = datetime_diff('hour',datetime(2017-10-31 01:00),datetime(2017-10-30 23:59)),
minute = datetime_diff('minute',datetime(2017-10-30 23:05:01),datetime(2017-10-30 23:00:59)),
second = datetime_diff('second',datetime(2017-10-30 23:00:10.100),datetime(2017-10-30 23:00:00.900)),
millisecond = datetime_diff('millisecond',datetime(2017-10-30 23:00:00.200100),datetime(2017-10-30 23:00:00.100900)),
microsecond = datetime_diff('microsecond',datetime(2017-10-30 23:00:00.1009001),datetime(2017-10-30 23:00:00.1008009)),
nanosecond = datetime_diff('nanosecond',datetime(2017-10-30 23:00:00.0000000),datetime(2017-10-30 23:00:00.0000007))`;
    expect(one(kql)).toEqual({ year: 17, quarter: 2, month: 13, week: 5, day: 29, hour: 2, minute: 5, second: 10, millisecond: 100, microsecond: 100, nanosecond: -700 });
  });
});

describe("round() — https://learn.microsoft.com/en-us/kusto/query/round-function", () => {
  test.each([
    ["round(2.98765, 3)", 2.988],
    ["round(2.15, 1)", 2.2],
    ["round(2.15)", 2],
    ["round(-50.55, -2)", -100],
    ["round(21.5, -1)", 20],
  ])("%s is %d", (expr, expected) => {
    expect(one(`print r = ${expr}`)).toEqual({ r: expected });
  });
});

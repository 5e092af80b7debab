import { runQuery } from "../../src/kql/engine";
import { TupleMap } from "../../src/kql/engine/tupleMap";
import { keyOf } from "../../src/kql/engine/values";

/**
 * Summarize, make-series, distinct and join group by TupleMap instead of joined keyOf strings; grouping
 * must keep keyOf's equality exactly, or a speed-up would merge or split groups.
 */
describe("TupleMap groups as keyOf compares", () => {
  it("keeps values of different types apart, and zero and NaN together, as keyOf does", () => {
    const values = ["1", 1, 1n, true, "true", null, "", 0, -0, NaN, [1], { a: 1 }, "j[1]", `j${JSON.stringify({ a: 1 })}`];
    const map = new TupleMap<number>();
    values.forEach((v, i) => map.upsert([v], () => i));
    const byKeyOf = new Map<string, number>();
    values.forEach((v, i) => byKeyOf.set(keyOf(v), byKeyOf.get(keyOf(v)) ?? i));
    expect(map.values).toEqual([...byKeyOf.values()]);
    expect(map.get([-0])).toBe(7);
    expect(map.get([[1]])).toBe(10);
  });

  it("keys by whole tuples, in first-seen order, and copies the key it stores", () => {
    const map = new TupleMap<string[]>();
    const key: (string | null)[] = ["a", "b"];
    map.upsert(key, (k) => k.map(String));
    key[1] = "c";
    map.upsert(key, (k) => k.map(String));
    map.upsert(["a", "b"], () => ["never"]);
    expect(map.values).toEqual([["a", "b"], ["a", "c"]]);
    expect(map.has(["a"])).toBe(false);
    expect(map.has(["a", "b", "c"])).toBe(false);
  });

  it("gives summarize, distinct and join the groups a plain count of generated records expects", () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({
      TimeGenerated: new Date(Date.UTC(2026, 11, 1) + i * 1000).toISOString(),
      User: i % 7 === 0 ? "" : `user${i % 5}`,
      ServerName: `server${i % 3}`,
      DurationMs: i % 4,
    }));
    const tables = { MCPServerLogs_CL: records };
    const now = new Date("2026-12-02T00:00:00Z");
    const grouped = runQuery("MCPServerLogs_CL | summarize n = count() by User, ServerName", { tables, now }).rows;
    const expected = new Map<string, number>();
    for (const r of records) expected.set(`${r.User}|${r.ServerName}`, (expected.get(`${r.User}|${r.ServerName}`) ?? 0) + 1);
    // Kusto leaves the order of summarize's groups unspecified; the engine keeps first-seen order.
    expect(grouped.map((r) => [`${r.User}|${r.ServerName}`, r.n])).toEqual([...expected]);
    expect(runQuery("MCPServerLogs_CL | distinct User, DurationMs", { tables, now }).rows).toHaveLength(6 * 4);
    const joined = runQuery("let u = MCPServerLogs_CL | summarize by User; MCPServerLogs_CL | join kind=inner u on User | count", { tables, now }).rows;
    expect(joined).toEqual([{ Count: records.length }]);
  });
});

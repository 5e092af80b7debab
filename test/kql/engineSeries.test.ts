import { runQuery } from "../../src/kql/engine";
import { detectPeriod, seriesDecompose, seriesOutliers } from "../../src/kql/engine/series";

/**
 * The series functions' documented algorithm (series_decompose, series_outliers and
 * series_decompose_anomalies pages), checked on series whose answer follows from it. The pages' own
 * examples use rand(), so they have no reproducible output.
 */
describe("series analysis", () => {
  test("seasonality detection finds the 14-point period the series_periods_detect page documents for its series", () => {
    const y = [80, 139, 87, 110, 68, 54, 50, 51, 53, 133, 86, 141, 97, 156, 94, 149, 95, 140, 77, 61, 50, 54, 47, 133, 72, 152, 94, 148, 105, 162, 101, 160, 87, 63, 53, 55, 54, 151, 103, 189, 108, 183, 113, 175, 113, 178, 90, 71, 62, 62, 65, 165, 109, 181, 115, 182, 121, 178, 114, 170];
    expect(detectPeriod(y, 0.6)).toBe(14);
    expect(detectPeriod(y.map((_, i) => i), 0.6)).toBe(0);
  });

  test("the seasonal component is the per-phase median; the default trend is the average", () => {
    const y = [1, 5, 1, 5, 1, 5, 1, 5, 1, 50];
    const { seasonal, trend, baseline, residual } = seriesDecompose(y, { seasonality: 2 });
    expect(seasonal).toEqual([1, 5, 1, 5, 1, 5, 1, 5, 1, 5]);
    expect(new Set(trend).size).toBe(1);
    expect(trend[0]).toBeCloseTo(45 / 10, 10);
    residual.forEach((r, i) => expect(r).toBeCloseTo(y[i] - baseline[i], 10));
  });

  test("ctukey scores a value by its distance beyond the 10th-90th percentile range", () => {
    const scores = seriesOutliers([10, 10, 10, 10, 10, 11, 11, 11, 11, 11, 40]);
    expect(scores.slice(0, 10).every((s) => s === 0)).toBe(true);
    expect(scores[10]).toBeGreaterThan(1.5);
  });

  test("series_decompose_anomalies flags a spike, and only the spike, with the default threshold 1.5", () => {
    const base = Array.from({ length: 48 }, (_, i) => 10 + (i % 24 < 8 ? 0 : 5) + (i % 3));
    base[45] = 90;
    const [row] = runQuery(`print y = dynamic(${JSON.stringify(base)}) | extend (flag, score, baseline) = series_decompose_anomalies(y)`, { tables: {}, now: new Date("2026-12-01T00:00:00Z") }).rows;
    const flags = row.flag as number[];
    expect(flags[45]).toBe(1);
    expect(flags.filter((f, i) => f !== 0 && i !== 45)).toEqual([]);
  });
});

/**
 * Kusto's series analysis functions as documented:
 * - series_decompose (https://learn.microsoft.com/kusto/query/series-decompose-function): seasonal
 *   component = per-phase median of the series over the period, trend = linear fit (or the average, or
 *   none) of the deseasonalized series, baseline = seasonal + trend, residual = series - baseline.
 *   Its default trend is "avg", for series_decompose_anomalies too (both pages say so).
 * - series_decompose_anomalies (https://learn.microsoft.com/kusto/query/series-decompose-anomalies-function):
 *   decompose, then score the residual with series_outliers; defaults threshold 1.5, seasonality -1
 *   (auto-detect), trend "avg", test points 0, method "ctukey", seasonality threshold 0.6.
 * - series_outliers (https://learn.microsoft.com/kusto/query/series-outliers-function): Tukey's test on the
 *   10th/90th percentiles for "ctukey" and the quartiles for "tukey"; nulls score 0.
 * Kusto's period detection (series_periods_detect) is not published; `detectPeriod` scores candidate
 * periods by autocorrelation and keeps the best above the threshold (see the README's engine limits).
 */

export interface DecomposeOptions {
  seasonality?: number;
  trend?: string;
  testPoints?: number;
  seasonalityThreshold?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Linear interpolation between closest ranks, as percentile estimates on a small series use. */
function percentileOf(sorted: number[], p: number): number {
  if (sorted.length === 1) return sorted[0];
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** Least squares over x = 1..n (the page's LineFit starts at interception + slope). */
export function seriesFitLine(ys: (number | null)[]): { rsquare: number; slope: number; variance: number; rvariance: number; interception: number; lineFit: number[] } {
  const points = ys.map((y, i) => ({ x: i + 1, y })).filter((p): p is { x: number; y: number } => p.y !== null && Number.isFinite(p.y));
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const interception = my - slope * mx;
  const lineFit = ys.map((_, i) => interception + slope * (i + 1));
  // Both variances divide by n - 1: the series_fit_line page's example (variance 98.628, rvariance 1.686) holds so.
  const variance = points.reduce((s, p) => s + (p.y - my) ** 2, 0) / (n - 1);
  const rvariance = points.reduce((s, p) => s + (p.y - (interception + slope * p.x)) ** 2, 0) / (n - 1);
  const rsquare = variance === 0 ? 1 : 1 - rvariance / variance;
  return { rsquare, slope, variance, rvariance, interception, lineFit };
}

/** The period (4 points to half the series, as series_periods_detect allows) with the strongest autocorrelation of the detrended series, if it scores at least `threshold`; 0 for none. */
export function detectPeriod(ys: number[], threshold: number): number {
  const n = ys.length;
  // A trend correlates with itself at every lag: score the periods of what the trend leaves.
  const { lineFit } = seriesFitLine(ys);
  const d = ys.map((y, i) => y - lineFit[i]);
  const energy = d.reduce((s, v) => s + v * v, 0);
  if (!(energy > 1e-9 * n)) return 0;
  let best = 0;
  let bestScore = threshold;
  // A period needs at least two full cycles in the series to be seen.
  for (let p = 4; p <= Math.floor(n / 2); p++) {
    let acc = 0;
    for (let i = 0; i + p < n; i++) acc += d[i] * d[i + p];
    const score = (acc / energy) * (n / (n - p));
    if (score > bestScore) {
      bestScore = score;
      best = p;
    }
  }
  return best;
}

export function seriesDecompose(ys: (number | null)[], options: DecomposeOptions = {}): { baseline: number[]; seasonal: number[]; trend: number[]; residual: number[] } {
  const values = ys.map((y) => (y === null || !Number.isFinite(y) ? 0 : y));
  const n = values.length;
  const testPoints = Math.max(0, Math.trunc(options.testPoints ?? 0));
  const fitted = values.slice(0, n - testPoints);
  const requested = options.seasonality ?? -1;
  const period = requested < 0 ? detectPeriod(fitted, options.seasonalityThreshold ?? 0.6) : Math.trunc(requested);
  const seasonal = new Array<number>(n).fill(0);
  if (period > 1) {
    const phaseMedian = Array.from({ length: period }, (_, ph) => median(fitted.filter((_, i) => i % period === ph)));
    for (let i = 0; i < n; i++) seasonal[i] = phaseMedian[i % period];
  }
  const deseasoned = fitted.map((y, i) => y - seasonal[i]);
  const kind = (options.trend ?? "avg").toLowerCase();
  let trend: number[];
  if (kind === "none") trend = new Array<number>(n).fill(0);
  else if (kind === "avg") {
    const avg = deseasoned.reduce((s, y) => s + y, 0) / (deseasoned.length || 1);
    trend = new Array<number>(n).fill(avg);
  } else {
    const fit = seriesFitLine(deseasoned);
    trend = values.map((_, i) => fit.interception + fit.slope * (i + 1));
  }
  const baseline = values.map((_, i) => seasonal[i] + trend[i]);
  const residual = values.map((y, i) => y - baseline[i]);
  return { baseline, seasonal, trend, residual };
}

export interface OutlierOptions {
  kind?: string;
  ignoreValue?: number;
  minPercentile?: number;
  maxPercentile?: number;
}

/**
 * Tukey's test: a value inside [P_low, P_high] scores 0; outside, its distance beyond the nearer fence in
 * units of the range P_high - P_low, signed (rise positive, decline negative).
 */
export function seriesOutliers(ys: (number | null)[], options: OutlierOptions = {}): number[] {
  const kind = (options.kind ?? "ctukey").toLowerCase();
  const low = kind === "tukey" ? 25 : options.minPercentile ?? 10;
  const high = kind === "tukey" ? 75 : options.maxPercentile ?? 90;
  const valid = ys.filter((y): y is number => y !== null && Number.isFinite(y) && y !== options.ignoreValue);
  if (valid.length === 0) return ys.map(() => 0);
  const sorted = [...valid].sort((a, b) => a - b);
  const q1 = percentileOf(sorted, low);
  const q3 = percentileOf(sorted, high);
  const range = q3 - q1;
  return ys.map((y) => {
    if (y === null || !Number.isFinite(y) || y === options.ignoreValue) return 0;
    if (y > q3) return range === 0 ? (y === q3 ? 0 : Infinity) : (y - q3) / range;
    if (y < q1) return range === 0 ? -Infinity : (y - q1) / range;
    return 0;
  });
}

export interface AnomalyOptions extends DecomposeOptions {
  threshold?: number;
  method?: string;
}

export function seriesDecomposeAnomalies(ys: (number | null)[], options: AnomalyOptions = {}): { anomalies: number[]; scores: number[]; baseline: number[] } {
  const threshold = options.threshold ?? 1.5;
  const { baseline, residual } = seriesDecompose(ys, options);
  const scores = seriesOutliers(residual, { kind: options.method ?? "ctukey" });
  const anomalies = scores.map((s) => (s > threshold ? 1 : s < -threshold ? -1 : 0));
  return { anomalies, scores, baseline };
}

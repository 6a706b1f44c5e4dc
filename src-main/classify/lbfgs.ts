/**
 * Limited-memory BFGS for smooth unconstrained minimisation on Float64Array (Nocedal & Wright,
 * "Numerical Optimization", 2nd ed., algorithm 7.4 — the two-loop recursion — and 7.5), with a
 * backtracking line search on the Armijo condition (ibid., algorithm 3.1) and the curvature pair
 * skipped when yᵀs ≤ 0, which keeps the inverse-Hessian approximation positive definite. Pure:
 * it only calls the objective it is given.
 *
 * Written here because no maintained npm package offers L-BFGS on typed arrays (the registry's
 * `fmin` has none, `numeric`'s uncmin is dense BFGS: a 50,000 × 50,000 matrix for TF-IDF).
 */

/** Value at x, with the gradient written into `gradient` (same length as x). */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Curvature pairs kept (m); default 10. */
  memory?: number;
  /** Default 500. */
  maxIterations?: number;
  /** Stop when max |gradient_i| ≤ this (scipy's pgtol); default 1e-5. */
  gradientTolerance?: number;
  /** Stop when (f_prev − f) / max(|f_prev|, |f|, 1) ≤ this (scipy's ftol); default 1e-10. */
  valueTolerance?: number;
  /** Halvings of the step before giving up on an iteration; default 40. */
  maxLineSearch?: number;
}

export type StopReason = 'gradient' | 'value' | 'iterations' | 'line-search';

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  /** Objective evaluations, the first included. */
  evaluations: number;
  /** Why it stopped; 'gradient' and 'value' mean converged. */
  reason: StopReason;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

const maxAbs = (a: Float64Array) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
};

/**
 * Minimises `f` from `x0` (not modified). Throws a RangeError when the objective returns a
 * non-finite value at the start point; later non-finite values count as a failed step.
 */
export function minimizeLbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const m = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 500;
  const gtol = options.gradientTolerance ?? 1e-5;
  const ftol = options.valueTolerance ?? 1e-10;
  const maxLineSearch = options.maxLineSearch ?? 40;
  const n = x0.length;

  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let value = f(x, g);
  let evaluations = 1;
  if (!Number.isFinite(value)) throw new RangeError(`the objective is ${value} at the start point`);

  // Ring buffer of the last m pairs s = x_{k+1} − x_k, y = g_{k+1} − g_k, with ρ = 1 / yᵀs.
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  /** yᵀy of each pair: the initial scaling γ = sᵀy / yᵀy needs the newest one. */
  const yy: number[] = [];
  const alpha = new Float64Array(m);
  const d = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let sNext: Float64Array = new Float64Array(n);
  let yNext: Float64Array = new Float64Array(n);

  if (maxAbs(g) <= gtol) return { x, value, iterations: 0, evaluations, reason: 'gradient' };
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    // Two-loop recursion: d = −H·g, with H₀ = (sᵀy / yᵀy)·I from the newest pair. Each update
    // of d also computes the dot product the next step needs, so every pair costs one pass
    // over d per loop instead of two (the vectors are long: a pass is the unit of work here).
    const k = s.length;
    let slope = 0;
    if (k > 0) {
      d.set(g);
      let sd = dot(s[k - 1]!, d);
      let yd = 0;
      const gamma = 1 / (rho[k - 1]! * yy[k - 1]!);
      for (let i = k - 1; i >= 0; i--) {
        const a = rho[i]! * sd;
        alpha[i] = a;
        const yi = y[i]!;
        if (i > 0) {
          const next = s[i - 1]!;
          sd = 0;
          for (let t = 0; t < n; t++) {
            const v = d[t]! - a * yi[t]!;
            d[t] = v;
            sd += next[t]! * v;
          }
        } else {
          const first = y[0]!;
          for (let t = 0; t < n; t++) {
            const v = (d[t]! - a * yi[t]!) * gamma;
            d[t] = v;
            yd += first[t]! * v;
          }
        }
      }
      for (let i = 0; i < k; i++) {
        const coef = alpha[i]! - rho[i]! * yd;
        const si = s[i]!;
        if (i < k - 1) {
          const next = y[i + 1]!;
          yd = 0;
          for (let t = 0; t < n; t++) {
            const v = d[t]! + coef * si[t]!;
            d[t] = v;
            yd += next[t]! * v;
          }
        } else {
          for (let t = 0; t < n; t++) {
            const v = -(d[t]! + coef * si[t]!);
            d[t] = v;
            slope += g[t]! * v;
          }
        }
      }
    }
    if (!(slope < 0)) {
      // First iteration, or not a descent direction (rounding on a flat region): forget the
      // history, go downhill.
      s.length = y.length = rho.length = yy.length = 0;
      const scale = 1 / Math.max(1, Math.sqrt(dot(g, g)));
      for (let t = 0; t < n; t++) d[t] = -g[t]! * scale;
      slope = dot(g, d);
    }

    // Backtracking on the Armijo condition f(x + t·d) ≤ f(x) + c₁·t·gᵀd, c₁ = 1e-4.
    let step = 1;
    let newValue = NaN;
    let accepted = false;
    for (let tries = 0; tries < maxLineSearch; tries++) {
      for (let t = 0; t < n; t++) xNew[t] = x[t]! + step * d[t]!;
      newValue = f(xNew, gNew);
      evaluations++;
      if (Number.isFinite(newValue) && newValue <= value + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      // Minimiser of the quadratic through f(x), f'(x) and f(x + step·d), kept within [0.1, 0.5]·step.
      const q = Number.isFinite(newValue) ? (-slope * step * step) / (2 * (newValue - value - slope * step)) : 0;
      step = Math.min(0.5 * step, Math.max(0.1 * step, q));
    }
    if (!accepted) return { x, value, iterations: iteration, evaluations, reason: 'line-search' };

    // The new pair and the gradient test in one pass.
    let ys = 0;
    let yNorm = 0;
    let sNorm = 0;
    let gMax = 0;
    for (let t = 0; t < n; t++) {
      const st = xNew[t]! - x[t]!;
      const gt = gNew[t]!;
      const yt = gt - g[t]!;
      sNext[t] = st;
      yNext[t] = yt;
      ys += yt * st;
      yNorm += yt * yt;
      sNorm += st * st;
      const a = Math.abs(gt);
      if (a > gMax) gMax = a;
    }
    if (ys > 1e-12 * Math.sqrt(yNorm * sNorm)) {
      s.push(sNext);
      y.push(yNext);
      rho.push(1 / ys);
      yy.push(yNorm);
      // The oldest pair's arrays take the next pair, once the memory is full.
      if (s.length > m) {
        sNext = s.shift()!;
        yNext = y.shift()!;
        rho.shift();
        yy.shift();
      } else {
        sNext = new Float64Array(n);
        yNext = new Float64Array(n);
      }
    }

    const previous = value;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    value = newValue;
    if (gMax <= gtol) return { x, value, iterations: iteration, evaluations, reason: 'gradient' };
    if ((previous - value) / Math.max(Math.abs(previous), Math.abs(value), 1) <= ftol)
      return { x, value, iterations: iteration, evaluations, reason: 'value' };
  }
  return { x, value, iterations: maxIterations, evaluations, reason: 'iterations' };
}

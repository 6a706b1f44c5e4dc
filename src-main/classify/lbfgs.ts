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
  const alpha = new Float64Array(m);
  const d = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let sNext: Float64Array = new Float64Array(n);
  let yNext: Float64Array = new Float64Array(n);

  if (maxAbs(g) <= gtol) return { x, value, iterations: 0, evaluations, reason: 'gradient' };
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    // Two-loop recursion: d = −H·g, with H₀ = (sᵀy / yᵀy)·I from the newest pair.
    d.set(g);
    const k = s.length;
    for (let i = k - 1; i >= 0; i--) {
      const a = rho[i]! * dot(s[i]!, d);
      alpha[i] = a;
      const yi = y[i]!;
      for (let t = 0; t < n; t++) d[t]! -= a * yi[t]!;
    }
    const gamma = k > 0 ? 1 / (rho[k - 1]! * dot(y[k - 1]!, y[k - 1]!)) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let t = 0; t < n; t++) d[t]! *= gamma;
    for (let i = 0; i < k; i++) {
      const b = rho[i]! * dot(y[i]!, d);
      const coef = alpha[i]! - b;
      const si = s[i]!;
      for (let t = 0; t < n; t++) d[t]! += coef * si[t]!;
    }
    for (let t = 0; t < n; t++) d[t] = -d[t]!;
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (rounding on a flat region): forget the history, go downhill.
      s.length = y.length = rho.length = 0;
      for (let t = 0; t < n; t++) d[t] = -g[t]! / Math.max(1, Math.sqrt(dot(g, g)));
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

    for (let t = 0; t < n; t++) {
      sNext[t] = xNew[t]! - x[t]!;
      yNext[t] = gNew[t]! - g[t]!;
    }
    const ys = dot(yNext, sNext);
    if (ys > 1e-12 * Math.sqrt(dot(yNext, yNext) * dot(sNext, sNext))) {
      s.push(sNext);
      y.push(yNext);
      rho.push(1 / ys);
      // The oldest pair's arrays take the next pair, once the memory is full.
      if (s.length > m) {
        sNext = s.shift()!;
        yNext = y.shift()!;
        rho.shift();
      } else {
        sNext = new Float64Array(n);
        yNext = new Float64Array(n);
      }
    }

    const previous = value;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    value = newValue;
    if (maxAbs(g) <= gtol) return { x, value, iterations: iteration, evaluations, reason: 'gradient' };
    if ((previous - value) / Math.max(Math.abs(previous), Math.abs(value), 1) <= ftol)
      return { x, value, iterations: iteration, evaluations, reason: 'value' };
  }
  return { x, value, iterations: maxIterations, evaluations, reason: 'iterations' };
}

/**
 * y[yAt + j] += a · x[xAt + j] for j < n: the inner loop of every layer, forward and backward.
 * Unrolled by four, which V8 runs about twice as fast as the plain loop.
 */
export function axpy(
  n: number,
  a: number,
  x: Float32Array | Float64Array,
  xAt: number,
  y: Float64Array,
  yAt: number,
): void {
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const i = yAt + j;
    const k = xAt + j;
    y[i] = y[i]! + a * x[k]!;
    y[i + 1] = y[i + 1]! + a * x[k + 1]!;
    y[i + 2] = y[i + 2]! + a * x[k + 2]!;
    y[i + 3] = y[i + 3]! + a * x[k + 3]!;
  }
  for (; j < n; j++) y[yAt + j] = y[yAt + j]! + a * x[xAt + j]!;
}

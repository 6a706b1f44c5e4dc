/** y[yAt + j] += a · x[xAt + j] for j < n: the inner loop of every layer, forward and backward. */
export function axpy(n: number, a: number, x: Float32Array | Float64Array, xAt: number, y: Float64Array, yAt: number): void {
  for (let j = 0; j < n; j++) y[yAt + j] = y[yAt + j]! + a * x[xAt + j]!;
}

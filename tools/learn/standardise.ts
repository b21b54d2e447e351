/** Per-dimension mean and standard deviation (constant dimensions get std 1), for z = (x − mean) / std. */
export function standardiser(xs: ArrayLike<number>[]): { mean: number[]; std: number[] } {
  const dim = xs[0].length;
  const n = xs.length;
  const mean = new Array<number>(dim).fill(0);
  const std = new Array<number>(dim).fill(0);
  for (const x of xs) for (let i = 0; i < dim; i++) mean[i] += x[i] / n;
  for (const x of xs) for (let i = 0; i < dim; i++) std[i] += (x[i] - mean[i]) ** 2 / n;
  for (let i = 0; i < dim; i++) std[i] = std[i] > 1e-12 ? Math.sqrt(std[i]) : 1;
  return { mean, std };
}

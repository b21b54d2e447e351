/**
 * Paper Eq. 1: the age is the expectation over the L classes with the
 * largest posteriors only, a_l = index + offset years.
 */
export function ageExpectation(posterior: ArrayLike<number>, topL: number, offset = 0): { years: number; topL: number; top: { age: number; p: number }[] } {
  const order = Array.from({ length: posterior.length }, (_, i) => i).sort((a, b) => posterior[b] - posterior[a]);
  const top = order.slice(0, Math.max(1, Math.min(topL, order.length)));
  let num = 0;
  let den = 0;
  for (const i of top) {
    num += (i + offset) * posterior[i];
    den += posterior[i];
  }
  return {
    years: den > 0 ? num / den : top[0] + offset,
    topL: top.length,
    top: order.slice(0, 5).map((i) => ({ age: i + offset, p: posterior[i] })),
  };
}

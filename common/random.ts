// A seedable random source. Demos use Math.random; tests pass a seed so "fails about half the time"
// fails the same way on every run.
export type Random = () => number;

/** mulberry32: a tiny, well-known 32-bit PRNG. Same seed, same sequence, values in [0, 1). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

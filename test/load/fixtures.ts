/** Counts from the environment, so CI can bound the load (LOAD_RUNS, LOAD_CONCURRENCY). */
export function loadSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

import { cpus } from 'node:os';

export interface Figure {
  suite: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  detail?: string;
}

/** Prints one figure as one JSON line (the format `npm run bench` promises). */
export function report(figure: Figure): void {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const out: Figure = { ...figure, value: round(figure.value) };
  if (figure.baseline !== undefined) {
    out.baseline = round(figure.baseline);
    out.ratio = round(figure.value / figure.baseline);
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

export function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function timeMsAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Deterministic pseudo-random numbers, so every run measures the same data. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${process.platform}`;
}

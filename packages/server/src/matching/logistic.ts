/** Weighted L2-regularised logistic regression by Newton's method (few features, offline use). */

export interface Sample {
  x: number[];
  y: 0 | 1;
  weight: number;
}

export function fitLogistic(samples: Sample[], l2 = 1e-3, iterations = 50): number[] {
  const d = samples[0].x.length;
  const w = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const s of samples) {
      const p = sigmoid(dot(w, s.x));
      for (let i = 0; i < d; i++) {
        grad[i] += s.weight * (p - s.y) * s.x[i];
        for (let j = 0; j < d; j++) hess[i][j] += s.weight * p * (1 - p) * s.x[i] * s.x[j];
      }
    }
    for (let i = 1; i < d; i++) {
      grad[i] += l2 * w[i];
      hess[i][i] += l2;
    }
    const step = solve(hess, grad);
    for (let i = 0; i < d; i++) w[i] -= step[i];
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return w;
}

export function logLoss(samples: Sample[], w: number[]): number {
  let loss = 0;
  let total = 0;
  for (const s of samples) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(dot(w, s.x))));
    loss -= s.weight * (s.y ? Math.log(p) : Math.log(1 - p));
    total += s.weight;
  }
  return loss / total;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

/** Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c || m[c][c] === 0) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => (row[i] === 0 ? 0 : row[n] / row[i]));
}

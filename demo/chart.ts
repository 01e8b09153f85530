/**
 * A small line chart on a <canvas>: training loss per step (left axis) and
 * held-out accuracy (right axis, 0-100%). No chart library: the demo adds no
 * dependency.
 */

export interface AccuracyPoint {
  step: number;
  accuracy: number;
}

const COLORS = {
  lossRaw: 'rgba(37, 99, 235, 0.3)',
  loss: '#2563eb',
  accuracy: '#ea580c',
  grid: '#e5e7eb',
  text: '#374151',
};
const PAD = {
  left: 52,
  right: 52,
  top: 28,
  bottom: 34
};

export class TrainingChart {
  private losses: number[] = [];
  private accuracies: AccuracyPoint[] = [];

  constructor(private readonly canvas: HTMLCanvasElement) {}

  clear(): void {
    this.losses = [];
    this.accuracies = [];
    this.draw();
  }

  addLoss(loss: number): void {
    this.losses.push(loss);
  }

  addAccuracy(point: AccuracyPoint): void {
    this.accuracies.push(point);
  }

  draw(): void {
    const ctx = this.context();
    const {width, height} = this.canvas.getBoundingClientRect();
    ctx.clearRect(0, 0, width, height);
    const plot = {
      x: PAD.left,
      y: PAD.top,
      w: Math.max(1, width - PAD.left - PAD.right),
      h: Math.max(1, height - PAD.top - PAD.bottom),
    };
    const steps = Math.max(10, this.losses.length, ...this.accuracies.map(a => a.step));
    const finite = this.losses.filter(Number.isFinite);
    const lossMax = niceCeil(Math.max(0.1, ...finite));
    const xOf = (step: number) => plot.x + plot.w * step / steps;
    const lossY = (loss: number) => plot.y + plot.h * (1 - Math.min(loss, lossMax) / lossMax);
    const accY = (acc: number) => plot.y + plot.h * (1 - acc);

    // Grid and axes: five horizontal lines shared by both scales.
    ctx.font = '12px system-ui, sans-serif';
    ctx.lineWidth = 1;
    for (let k = 0; k <= 4; k++) {
      const y = plot.y + plot.h * k / 4;
      ctx.strokeStyle = COLORS.grid;
      line(ctx, [[plot.x, y], [plot.x + plot.w, y]]);
      ctx.fillStyle = COLORS.loss;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      ctx.fillText(format(lossMax * (1 - k / 4)), plot.x - 6, y);
      ctx.fillStyle = COLORS.accuracy;
      ctx.textAlign = 'left';
      ctx.fillText(`${100 - 25 * k}%`, plot.x + plot.w + 6, y);
    }
    ctx.fillStyle = COLORS.text;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const step of ticks(steps)) {
      ctx.fillText(String(step), xOf(step), plot.y + plot.h + 6);
    }
    ctx.fillText('step', plot.x + plot.w / 2, plot.y + plot.h + 20);

    // Loss: every step, faint, and a moving average over 10 steps on top.
    ctx.lineWidth = 1;
    ctx.strokeStyle = COLORS.lossRaw;
    line(ctx, this.losses.map((loss, i) => [xOf(i + 1), lossY(loss)]));
    ctx.lineWidth = 2;
    ctx.strokeStyle = COLORS.loss;
    line(ctx, movingAverage(this.losses, 10).map((loss, i) => [xOf(i + 1), lossY(loss)]));

    ctx.strokeStyle = COLORS.accuracy;
    ctx.fillStyle = COLORS.accuracy;
    line(ctx, this.accuracies.map(a => [xOf(a.step), accY(a.accuracy)]));
    for (const a of this.accuracies) {
      ctx.beginPath();
      ctx.arc(xOf(a.step), accY(a.accuracy), 3, 0, 2 * Math.PI);
      ctx.fill();
    }

    // Legend.
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    const legend: Array<[string, string]> = [
      [COLORS.loss, 'training loss (10-step average)'],
      [COLORS.accuracy, 'held-out accuracy'],
    ];
    let x = plot.x;
    for (const [color, label] of legend) {
      ctx.fillStyle = color;
      ctx.fillRect(x, 8, 14, 4);
      ctx.fillStyle = COLORS.text;
      ctx.fillText(label, x + 20, 10);
      x += 40 + ctx.measureText(label).width;
    }
  }

  /** The 2D context, with the canvas sized to its CSS box at device pixel ratio. */
  private context(): CanvasRenderingContext2D {
    const {width, height} = this.canvas.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    const w = Math.round(width * ratio);
    const h = Math.round(height * ratio);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return ctx;
  }
}

function line(ctx: CanvasRenderingContext2D, points: Array<[number, number]>): void {
  if (points.length === 0) return;
  ctx.beginPath();
  ctx.moveTo(points[0][0], points[0][1]);
  for (const [x, y] of points.slice(1)) ctx.lineTo(x, y);
  ctx.stroke();
}

/** The mean of each value and up to `window - 1` values before it. */
function movingAverage(values: number[], window: number): number[] {
  const out: number[] = [];
  let sum = 0;
  values.forEach((v, i) => {
    sum += v;
    if (i >= window) sum -= values[i - window];
    out.push(sum / Math.min(i + 1, window));
  });
  return out;
}

/** 1, 2 or 5 times a power of ten, at least `x`. */
function niceCeil(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map(m => m * power).find(v => v >= x)!;
}

/** About six round step numbers from 0 to `max`. */
function ticks(max: number): number[] {
  const step = niceCeil(max / 6);
  const out: number[] = [];
  for (let t = 0; t <= max; t += step) out.push(t);
  return out;
}

function format(x: number): string {
  return x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2);
}

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
  bottom: 34
};
/** Height of one legend row above the plot. */
const LEGEND_ROW = 18;

/** Where the last `draw` put each legend entry and what the axes said (for tests). */
export interface ChartLayout {
  width: number;
  legend: Array<{label: string, x: number, y: number, width: number}>;
  lossAxis: string[];
  message: string;
}

export class TrainingChart {
  private losses: number[] = [];
  private accuracies: AccuracyPoint[] = [];
  /** What the last draw laid out. */
  layout: ChartLayout = {width: 0, legend: [], lossAxis: [], message: ''};

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
    ctx.font = '12px system-ui, sans-serif';

    // Legend first: its rows, wrapped to the canvas width, set the plot's top.
    const legend = layoutLegend(ctx, width, [
      [COLORS.lossRaw, 'loss per step'],
      [COLORS.loss, 'loss, 10-step average'],
      [COLORS.accuracy, 'held-out accuracy'],
    ]);
    const rows = Math.max(1, ...legend.map(e => e.row + 1));
    const top = 10 + rows * LEGEND_ROW;
    const plot = {
      x: PAD.left,
      y: top,
      w: Math.max(1, width - PAD.left - PAD.right),
      h: Math.max(1, height - top - PAD.bottom),
    };
    const hasLoss = this.losses.length > 0;
    const steps = Math.max(10, this.losses.length, ...this.accuracies.map(a => a.step));
    const finite = this.losses.filter(Number.isFinite);
    const lossMax = niceCeil(Math.max(1e-6, ...finite));
    const xOf = (step: number) => plot.x + plot.w * step / steps;
    const lossY = (loss: number) => plot.y + plot.h * (1 - Math.min(loss, lossMax) / lossMax);
    const accY = (acc: number) => plot.y + plot.h * (1 - acc);

    // Grid and axes: five horizontal lines shared by both scales. The loss
    // axis has no numbers until there is a loss to scale it to.
    ctx.lineWidth = 1;
    const lossAxis: string[] = [];
    for (let k = 0; k <= 4; k++) {
      const y = plot.y + plot.h * k / 4;
      ctx.strokeStyle = COLORS.grid;
      line(ctx, [[plot.x, y], [plot.x + plot.w, y]]);
      ctx.textBaseline = 'middle';
      if (hasLoss) {
        const label = format(lossMax * (1 - k / 4));
        lossAxis.push(label);
        ctx.fillStyle = COLORS.loss;
        ctx.textAlign = 'right';
        ctx.fillText(label, plot.x - 6, y);
      }
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
    const message = hasLoss ? '' : 'Press Start: the loss and accuracy of each step appear here';
    if (message !== '') {
      ctx.fillStyle = COLORS.text;
      ctx.textBaseline = 'middle';
      fitText(ctx, message, plot.x + plot.w / 2, plot.y + plot.h / 2, plot.w - 8);
    }

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

    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const entry of legend) {
      const y = 10 + entry.row * LEGEND_ROW;
      ctx.fillStyle = entry.color;
      ctx.fillRect(entry.x, y - 2, 14, 4);
      ctx.fillStyle = COLORS.text;
      ctx.fillText(entry.label, entry.x + 20, y);
    }
    this.layout = {
      width,
      legend:
          legend.map(e => ({label: e.label, x: e.x, y: 10 + e.row * LEGEND_ROW, width: e.width})),
      lossAxis,
      message,
    };
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

/**
 * Places legend entries (a 14 px swatch and a label) left to right from
 * x = 8, wrapping to a new row where the next would pass the right edge.
 */
function layoutLegend(
    ctx: CanvasRenderingContext2D, width: number, entries: Array<[string, string]>):
    Array<{color: string, label: string, x: number, row: number, width: number}> {
  const out = [];
  let x = 8;
  let row = 0;
  for (const [color, label] of entries) {
    const w = 20 + ctx.measureText(label).width;
    if (x > 8 && x + w > width - 8) {
      x = 8;
      row++;
    }
    out.push({color, label, x, row, width: w});
    x += w + 18;
  }
  return out;
}

/** Centred text, shrunk to `maxWidth`. */
function fitText(
    ctx: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth: number): void {
  ctx.textAlign = 'center';
  ctx.fillText(text, x, y, Math.max(1, maxWidth));
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

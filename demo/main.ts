/**
 * The demo page: pick a backend, the EmbeddingBag's combiner, the optimizer
 * (the package's sparse ones or tfjs's dense Adam) and the table size, train
 * the classifier of `model.ts` on the reviews of `data.ts`, and watch the
 * loss, the held-out accuracy, the time per step and the tensor count.
 *
 * Failures (a backend this browser lacks, a kernel this build lacks) are
 * shown in the page. `window.demo` lets a test drive the same code.
 */
import '@tensorflow/tfjs-backend-webgpu';

import * as tf from '@tensorflow/tfjs';
import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';

import * as sparseGrad from '../src/layers';

import {AccuracyPoint, ChartLayout, TrainingChart} from './chart';
import {Dataset, LABELS, makeDataset} from './data';
import {DEFAULT_CONFIG, Evaluation, missingKernels, OptimizerName, OPTIMIZERS, Reduction, REDUCTIONS, requiredKernels, TABLE_ROWS, Trainer} from './model';

const BACKENDS = ['cpu', 'wasm', 'webgl', 'webgpu'] as const;
type Backend = typeof BACKENDS[number];

/** Held-out accuracy is measured every this many steps (and at the end of a run). */
const EVAL_EVERY = 10;
/** Held-out reviews listed with their predictions. */
const SAMPLES = 8;

/** What a run did: the test hook returns it, the page shows it. */
export interface TrainReport {
  /** The backend tfjs used (`tf.getBackend()`), or null when none could be set. */
  backend: string|null;
  reduction: Reduction;
  optimizer: OptimizerName;
  tableRows: number;
  losses: number[];
  msPerStep: number[];
  numTensors: number[];
  accuracies: AccuracyPoint[];
  /** The error the page shows, or null. */
  error: string|null;
  /** The text of the page's error box, to check that errors are shown. */
  errorShown: string;
}

interface Availability {
  available: boolean;
  detail: string;
}

function $<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const ui = {
  backend: $<HTMLSelectElement>('backend'),
  reduction: $<HTMLSelectElement>('reduction'),
  optimizer: $<HTMLSelectElement>('optimizer'),
  tableRows: $<HTMLSelectElement>('table-rows'),
  steps: $<HTMLInputElement>('steps'),
  start: $<HTMLButtonElement>('start'),
  stop: $<HTMLButtonElement>('stop'),
  reset: $<HTMLButtonElement>('reset'),
  error: $('error'),
  errorMessage: $('error-message'),
  errorHint: $('error-hint'),
  tryText: $<HTMLInputElement>('try-text'),
  tryButton: $<HTMLButtonElement>('try'),
  tryResult: $('try-result'),
};

/**
 * The part of WebGPU's API the availability check uses (`info` is newer than @webgpu/types here).
 */
interface GPULike {
  requestAdapter(): Promise<{info?: {vendor?: string, architecture?: string}}|null>;
}

/** Whether this browser can run each backend, checked without tfjs. */
async function probeBackends(): Promise<Record<Backend, Availability>> {
  const webgl = ((): Availability => {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (gl == null) return {available: false, detail: 'no WebGL context'};
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    const version = gl instanceof WebGL2RenderingContext ? 'WebGL 2' : 'WebGL 1';
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return {
      available: true,
      detail: software(renderer) ? `${version}, SwiftShader (software)` : version
    };
  })();
  const webgpu = await (async(): Promise<Availability> => {
    const gpu = (navigator as unknown as {gpu?: GPULike}).gpu;
    if (gpu == null) {
      return {
        available: false,
        detail: window.isSecureContext ? 'no navigator.gpu' :
                                         'needs a secure context (https or localhost)'
      };
    }
    try {
      const adapter = await gpu.requestAdapter();
      if (adapter == null) return {available: false, detail: 'no WebGPU adapter'};
      const name = [adapter.info?.vendor, adapter.info?.architecture].filter(Boolean).join(' ');
      return {
        available: true,
        detail: software(name) ? 'SwiftShader (software)' : name || 'adapter found'
      };
    } catch (e) {
      return {available: false, detail: `requestAdapter failed: ${(e as Error).message}`};
    }
  })();
  const wasm: Availability = typeof WebAssembly === 'object' ?
      {available: true, detail: 'WebAssembly'} :
      {available: false, detail: 'no WebAssembly'};
  return {cpu: {available: true, detail: 'JavaScript'}, wasm, webgl, webgpu};
}

function software(name: string): boolean {
  return /swiftshader/i.test(name);
}

class Demo {
  private trainer: Trainer|null = null;
  /** Whether a training loop is running. */
  private busy = false;
  /** Bumped by every request; a loop runs while it keeps the value it started with. */
  private generation = 0;
  /** Resets and runs, one after another (a reset awaits setBackend). */
  private queue: Promise<void> = Promise.resolve();
  private lastEval: Evaluation|null = null;
  private report: TrainReport;
  private readonly chart = new TrainingChart($<HTMLCanvasElement>('chart'));

  constructor(
      private readonly data: Dataset,
      private readonly availability: Record<Backend, Availability>) {
    this.report = this.emptyReport();
  }

  get backend(): Backend {
    return ui.backend.value as Backend;
  }

  get reduction(): Reduction {
    return ui.reduction.value as Reduction;
  }

  get optimizer(): OptimizerName {
    return ui.optimizer.value as OptimizerName;
  }

  get tableRows(): number {
    return Number(ui.tableRows.value);
  }

  /** Stops training, drops the model, and builds a fresh one on the selected backend. */
  reset(): Promise<void> {
    this.generation++;
    return this.serial(() => this.rebuild());
  }

  /** Trains `steps` more steps (fewer on Stop, Reset or an error). */
  run(steps: number): Promise<void> {
    const generation = ++this.generation;
    return this.serial(() => this.train(steps, generation));
  }

  /** Stops training; resolves once the loop has ended. */
  stop(): Promise<void> {
    this.generation++;
    return this.serial(async () => {});
  }

  private serial(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => {});
    return next;
  }

  private async rebuild(): Promise<void> {
    this.trainer?.dispose();
    this.trainer = null;
    this.lastEval = null;
    this.report = this.emptyReport();
    this.chart.clear();
    this.showError(null);
    this.renderKernels();
    try {
      const backend = this.backend;
      if (!this.availability[backend].available) {
        throw new Error(`Backend '${backend}' is not available in this browser (${
            this.availability[backend].detail}).`);
      }
      // A model lives on one backend: the old one was disposed above, so
      // switching moves no data (that would need a synchronous read).
      let ok = false;
      try {
        ok = await tf.setBackend(backend);
      } catch (e) {
        throw new Error(`Backend '${backend}' failed to start: ${(e as Error).message}`);
      }
      if (!ok || tf.getBackend() !== backend) {
        throw new Error(
            `Backend '${backend}' failed to start in this browser ` +
            '(the console has tfjs\'s warning with the reason).');
      }
      this.report.backend = backend;
      this.trainer = new Trainer(this.data, {
        ...DEFAULT_CONFIG,
        reduction: this.reduction,
        optimizer: this.optimizer,
        tableRows: this.tableRows,
      });
      await this.evaluate();
    } catch (e) {
      this.fail(e);
    }
    this.render();
  }

  private async train(steps: number, generation: number): Promise<void> {
    if (this.trainer == null || this.report.error != null) {
      await this.rebuild();
    }
    const trainer = this.trainer;
    if (trainer == null) return;
    const untilStep = trainer.step + steps;
    this.busy = true;
    this.render();
    try {
      while (this.generation === generation && trainer.step < untilStep) {
        const result = await trainer.trainStep();
        this.report.losses.push(result.loss);
        this.report.msPerStep.push(result.ms);
        this.report.numTensors.push(result.numTensors);
        this.chart.addLoss(result.loss);
        if (result.step % EVAL_EVERY === 0) await this.evaluate();
        this.render();
        // Let the page repaint and handle clicks (cpu steps never wait otherwise).
        await new Promise(resolve => setTimeout(resolve, 0));
      }
      if (this.lastEval?.step !== trainer.step) await this.evaluate();
    } catch (e) {
      this.fail(e);
    } finally {
      this.busy = false;
    }
    this.render();
  }

  async classify(text: string): Promise<string> {
    if (this.trainer == null) return 'no model (see the error above)';
    try {
      const probabilities = await this.trainer.predict(text);
      const best = probabilities[1] > probabilities[0] ? 1 : 0;
      return `${LABELS[best]} (${(probabilities[best] * 100).toFixed(0)}%)`;
    } catch (e) {
      this.fail(e);
      return 'failed (see the error above)';
    }
  }

  /** A copy of what the current model did so far. */
  chartLayout(): ChartLayout {
    return this.chart.layout;
  }

  snapshot(): TrainReport {
    return {
      ...this.report,
      losses: [...this.report.losses],
      msPerStep: [...this.report.msPerStep],
      numTensors: [...this.report.numTensors],
      accuracies: [...this.report.accuracies],
      errorShown: ui.error.hidden ? '' : ui.errorMessage.textContent ?? '',
    };
  }

  private emptyReport(): TrainReport {
    return {
      backend: null,
      reduction: this.reduction,
      optimizer: this.optimizer,
      tableRows: this.tableRows,
      losses: [],
      msPerStep: [],
      numTensors: [],
      accuracies: [],
      error: null,
      errorShown: ''
    };
  }

  private async evaluate(): Promise<void> {
    const evaluation = await this.trainer!.evaluate();
    this.lastEval = evaluation;
    const point = {step: evaluation.step, accuracy: evaluation.accuracy};
    this.report.accuracies.push(point);
    this.chart.addAccuracy(point);
  }

  private fail(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.report.error = message;
    this.showError(message);
  }

  private showError(message: string|null): void {
    ui.error.hidden = message == null;
    ui.errorMessage.textContent = message ?? '';
    let hint = '';
    const missing = message?.match(/Kernel '(\w+)' not registered for backend '(\w+)'/);
    if (missing != null) {
      hint = `tfjs-sparse-grad ${sparseGrad.version} has no ${missing[2]} kernel for ${
          missing[1]}. Pick another backend or optimizer.`;
    } else if (message != null) {
      hint = 'Press Reset to start again; if the backend stays broken, reload the page.';
    }
    ui.errorHint.textContent = hint;
  }

  /** Which kernels a step needs and whether the selected backend has them. */
  private renderKernels(): void {
    const missing = missingKernels(this.backend, this.optimizer);
    $('kernel-status').innerHTML =
        `<span class="muted">Kernels of the table on ${this.backend}:</span>` +
        requiredKernels(this.optimizer)
            .map(
                name => missing.includes(name) ?
                    `<span class="bad">✗ ${name} (not registered)</span>` :
                    `<span class="ok">✓ ${name}</span>`)
            .join('');
  }

  render(): void {
    const r = this.report;
    const busy = this.busy;
    ui.start.disabled = busy;
    ui.stop.disabled = !busy;
    ui.tryButton.disabled = this.trainer == null;
    $('stat-backend').textContent = r.backend ?? '–';
    $('stat-step').textContent = String(this.trainer?.step ?? 0);
    $('stat-loss').textContent =
        r.losses.length > 0 ? r.losses[r.losses.length - 1].toFixed(4) : '–';
    $('stat-accuracy').textContent =
        this.lastEval != null ? `${(this.lastEval.accuracy * 100).toFixed(1)}%` : '–';
    const ms = r.msPerStep;
    $('stat-ms').textContent = ms.length > 0 ? `${ms[ms.length - 1].toFixed(1)} ms` : '–';
    $('stat-ms-note').textContent =
        ms.length > 1 ? `median ${median(ms.slice(-20)).toFixed(1)} ms` : '';
    const tensors = r.numTensors;
    $('stat-tensors').textContent = tensors.length > 0 ?
        String(tensors[tensors.length - 1]) :
        (r.backend != null ? String(tf.memory().numTensors) : '–');
    const growth = tensors.length > 1 ? tensors[tensors.length - 1] - tensors[0] : 0;
    $('stat-tensors-note').textContent = tensors.length > 1 ?
        (growth === 0 ? 'flat since step 1' : `${growth > 0 ? '+' : ''}${growth} since step 1`) :
                        '';
    this.chart.draw();
    this.renderSamples();
  }

  private renderSamples(): void {
    const rows = this.data.heldOut.slice(0, SAMPLES).map((review, i) => {
      const predicted = this.lastEval?.predictions[i];
      const cell = predicted == null ?
          '–' :
          `<span class="${predicted === review.label ? 'ok' : 'bad'}">${LABELS[predicted]} ${
              predicted === review.label ? '✓' : '✗'}</span>`;
      return `<tr><td>${escapeHtml(review.text)}</td><td class="label">${
          LABELS[review.label]}</td><td class="label">${cell}</td></tr>`;
    });
    $('samples').innerHTML = rows.join('');
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function escapeHtml(text: string): string {
  return text.replace(
      /[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'})[c]!);
}

async function main(): Promise<void> {
  // tfjs-backend-wasm's binaries, served beside the page (demo/serve_demo.ts).
  setWasmPaths('/wasm/');
  $('versions').textContent = `tfjs-sparse-grad ${sparseGrad.version} · TensorFlow.js ${
      tf.version.tfjs} · first layer: the package's EmbeddingBag, trained by its sparse optimizers`;
  for (const [value, info] of Object.entries(REDUCTIONS)) {
    ui.reduction.add(new Option(info.label, value));
  }
  for (const [value, info] of Object.entries(OPTIMIZERS)) {
    ui.optimizer.add(new Option(info.label, value));
  }
  for (const rows of TABLE_ROWS) {
    ui.tableRows.add(new Option(rows.toLocaleString('en-US'), String(rows)));
  }
  ui.tableRows.value = String(DEFAULT_CONFIG.tableRows);
  const data = makeDataset();
  const {embeddingDim, batchSize, learningRate} = DEFAULT_CONFIG;
  $('about').innerHTML = `${data.train.length} training and ${data.heldOut.length} held-out ` +
      `synthetic reviews (generated in the page), ${data.vocab.size} words, hashed into the ` +
      `V rows of the embedding table [V, ${embeddingDim}] (feature hashing, as for large ` +
      `vocabularies). Each review's padded row ids → <code>tfSparseGrad.layers.embeddingBag</code> ` +
      `(the combiner above) → dense [${embeddingDim}, ${LABELS.length}] with softmax → ` +
      `cross-entropy, trained with <code>model.trainOnBatch</code> (learning rate ${
                             learningRate}, ` +
      `batches of ${batchSize}). With a sparse optimizer a step updates only the table rows ` +
      `the batch looks up, in place, so its time does not grow with V; tfjs's dense Adam ` +
      `updates all V rows every step: compare the time per step at V = 1,000,000. ` +
      'A bag of words cannot read "not", so held-out accuracy levels off near 90%.';

  const availability = await probeBackends();
  for (const option of Array.from(ui.backend.options)) {
    const info = availability[option.value as Backend];
    if (!info.available) {
      option.disabled = true;
      option.textContent = `${option.value} (not available)`;
    }
  }
  $('backend-status').innerHTML = '<span class="muted">Backends in this browser:</span>' +
      BACKENDS
          .map(b => {
            const {available, detail} = availability[b];
            return `<span class="${available ? 'ok' : 'bad'}">${available ? '✓' : '✗'} ${
                       b}</span>` +
                `<span class="muted">${escapeHtml(detail)}</span>`;
          })
          .join('');

  const demo = new Demo(data, availability);
  ui.backend.addEventListener('change', () => void demo.reset());
  ui.reduction.addEventListener('change', () => void demo.reset());
  ui.optimizer.addEventListener('change', () => void demo.reset());
  ui.tableRows.addEventListener('change', () => void demo.reset());
  ui.start.addEventListener('click', () => void demo.run(Number(ui.steps.value)));
  ui.stop.addEventListener('click', () => void demo.stop());
  ui.reset.addEventListener('click', () => void demo.reset());
  ui.tryButton.addEventListener('click', async () => {
    ui.tryResult.textContent = await demo.classify(ui.tryText.value);
  });
  window.addEventListener('resize', () => demo.render());
  await demo.reset();

  // The test hook: the same code paths as the controls.
  const hook = {
    ready: true,
    /** Selects backend, combiner, optimizer and table rows, resets, trains `steps` steps. */
    async train(
        steps: number, backend: Backend, reduction: Reduction,
        optimizer: OptimizerName = DEFAULT_CONFIG.optimizer, tableRows = DEFAULT_CONFIG.tableRows):
        Promise<TrainReport> {
          ui.backend.value = backend;
          ui.reduction.value = reduction;
          ui.optimizer.value = optimizer;
          ui.tableRows.value = String(tableRows);
          await demo.reset();
          if (demo.snapshot().error == null) await demo.run(steps);
          return demo.snapshot();
        },
    snapshot: () => demo.snapshot(),
    /** What the chart's last draw laid out: legend entries, loss axis labels, message. */
    chartLayout: () => demo.chartLayout(),
    classify: (text: string) => demo.classify(text),
  };
  (window as unknown as {demo: typeof hook}).demo = hook;
}

main().catch(e => {
  // Nothing on the page works without main: say so there, and in the console.
  const box = $('error');
  box.hidden = false;
  $('error-message').textContent = `The demo failed to start: ${(e as Error).stack ?? e}`;
  console.error(e);
});

/**
 * The command line of `npm run bench`: every option, its default and its
 * help text in one table; unknown options and bad values are errors.
 */

export interface Option {
  name: string;
  /** Shown in the help as `--name <arg>`; absent for a switch. */
  arg?: string;
  /** Default value (switches default to false). */
  default?: string;
  help: string;
}

export const OPTIONS: Option[] = [
  {
    name: 'suites',
    arg: 'list',
    default: 'ops,training,bag,embedding,kernels',
    help: 'what to run: ops (every raw op and UnsortedSegmentSum against the tfjs ' +
        'composite), training (an embedding-bag training step at each vocabulary, dense ' +
        'Adam against the sparse optimizers), bag (the embeddingBag step against the ' +
        'sparseSegmentMean step, a 26-feature EmbeddingBagCollection step against one ' +
        'feature, and PyTorch\'s steps), embedding (a tf.layers.embedding fit step ' +
        'with and without the package), kernels (the segment-gradient kernels and ' +
        'UnsortedSegmentSum on cpu and wasm, in Node, against a plain typed-array loop)'
  },
  {
    name: 'backends',
    arg: 'list',
    default: 'cpu,wasm,tensorflow,webgl,webgpu',
    help: 'cpu, wasm and tensorflow (tfjs-node) run in Node; webgl and webgpu in headless Chromium'
  },
  {name: 'ops', arg: 'list', default: 'all', help: 'ops of the ops suite (kernel names)'},
  {name: 'sizes', arg: 'list', default: '1000,10000,100000', help: 'N of the ops suite'},
  {name: 'd', arg: 'list', default: '16,128', help: 'row widths D of the ops suite'},
  {name: 'm', arg: 'list', default: '0.1,1', help: 'output rows M = N * m of the ops suite'},
  {
    name: 'vocabs',
    arg: 'list',
    default: '1000,10000,100000,1000000',
    help: 'vocabularies of the training suite'
  },
  {name: 'runs', arg: 'n', default: '7', help: 'timed runs per measurement (median)'},
  {name: 'warmup', arg: 'n', default: '3', help: 'untimed runs first'},
  {
    name: 'budget-s',
    arg: 's',
    default: '30',
    help: 'skip a measurement whose run, extrapolated from a smaller size, would take longer'
  },
  {name: 'quick', help: 'ops suite at N = 1000,10000, D = 16, M = N/10; vocabularies 1e3,1e5'},
  {
    name: 'out',
    arg: 'dir',
    default: '.cache/bench',
    help: 'where results.json, summary.md, report.html, training.svg and kernels.md go ' +
        '(the committed results are only overwritten when --out names their folder)'
  },
  {
    name: 'python',
    arg: 'path',
    default: 'python3',
    help: 'a Python with torch, for PyTorch\'s step in the bag suite (skipped without torch)'
  },
  {
    name: 'flags',
    arg: 'NAME=value,...',
    default: '',
    help: 'tfjs flags, e.g. SPARSE_GRAD_WEBGL_SCATTER=gather,SPARSE_GRAD_VALIDATE=false'
  },
  {name: 'help', help: 'print this help and exit'},
];

export function helpText(): string {
  const lines = OPTIONS.map(o => {
    const flag = `  --${o.name}${o.arg ? ` <${o.arg}>` : ''}`;
    const def = o.default != null && o.default !== '' ? ` (default: ${o.default})` : '';
    return `${flag.padEnd(30)} ${o.help}${def}`;
  });
  return [
    'Usage: npm run bench -- [options]', '',
    'Times the package against tfjs and against the bandwidth floor, and writes',
    'the results, a summary for the README and a report.', '', ...lines
  ].join('\n');
}

/** Parses `argv` (after the script name); throws on unknown options. */
export function parseArgs(argv: string[]): Record<string, string|boolean> {
  const values: Record<string, string|boolean> = {};
  for (const o of OPTIONS) {
    values[o.name] = o.arg ? o.default ?? '' : false;
  }
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const option = OPTIONS.find(o => `--${o.name}` === token);
    if (option == null) {
      throw new Error(`unknown option ${token} (npm run bench -- --help lists them)`);
    }
    if (option.arg == null) {
      values[option.name] = true;
    } else {
      const value = argv[++i];
      if (value == null || value.startsWith('--')) {
        throw new Error(`--${option.name} needs a value <${option.arg}>`);
      }
      values[option.name] = value;
    }
  }
  return values;
}

/** A comma-separated list. */
export function list(text: string): string[] {
  return text.split(',').map(x => x.trim()).filter(x => x !== '');
}

/** A list of positive numbers, or an error naming the option. */
export function numbers(text: string, option: string): number[] {
  const values = list(text).map(Number);
  if (values.length === 0 || values.some(v => !Number.isFinite(v) || v <= 0)) {
    throw new Error(`--${option} needs positive numbers, got '${text}'`);
  }
  return values;
}

/**
 * Progress of a long run: what is being measured, how far along, and an
 * estimate of the time left from the measured rates: each measurement is
 * counted against its group (the first word of its line: the backend, or
 * the suite), and a group's remaining measurements are priced at that
 * group's own average so far (the overall average before it starts).
 */
export class Progress {
  private done = 0;
  private readonly start = Date.now();
  private last = Date.now();
  /** Per group: measurements planned, done, and seconds spent on them. */
  private readonly groups = new Map<string, {planned: number, done: number, seconds: number}>();

  /** @param plan Measurements planned per group. */
  constructor(plan: Record<string, number>, private readonly print: (line: string) => void) {
    for (const [group, planned] of Object.entries(plan)) {
      this.groups.set(group, {planned, done: 0, seconds: 0});
    }
  }

  private get total(): number {
    let total = 0;
    for (const g of this.groups.values()) total += Math.max(g.planned, g.done);
    return total;
  }

  /** Reports one finished measurement (its line starts with its group). */
  step(what: string): void {
    const now = Date.now();
    const seconds = (now - this.last) / 1000;
    this.last = now;
    this.done++;
    const name = what.split(' ')[0];
    const group = this.groups.get(name) ?? {planned: 0, done: 0, seconds: 0};
    group.done++;
    group.seconds += seconds;
    this.groups.set(name, group);
    const elapsed = (now - this.start) / 1000;
    const average = elapsed / this.done;
    let left = 0;
    for (const g of this.groups.values()) {
      const rate = g.done > 0 ? g.seconds / g.done : average;
      left += Math.max(0, g.planned - g.done) * rate;
    }
    const fmt = (s: number) =>
        s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`;
    this.print(
        `[${this.done}/${this.total}] ${what}  (elapsed ${fmt(elapsed)}, about ${fmt(left)} left)`);
  }
}

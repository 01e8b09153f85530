/**
 * The demo's data set: short synthetic product reviews labelled negative or
 * positive, generated from word lists with a seeded generator (the same
 * reviews on every run, no network), and a word-level tokenizer.
 *
 * Reviews mix sentiment words with product and filler words, and some use a
 * negated word of the other class ("not cheap"), so a bag of words has to
 * learn which words matter: held-out accuracy starts near 50% and climbs.
 */

export const LABELS = ['negative', 'positive'] as const;

/** A review and its label (an index into LABELS). */
export interface Review {
  text: string;
  label: number;
}

/** Token ids of many documents, laid out as the sparse segment ops want. */
export interface TokenBatch {
  /** Every document's token ids, one document after the other. */
  tokens: Int32Array;
  /** For each token, the row (document) of the batch it belongs to. */
  segmentIds: Int32Array;
  /** One label per document. */
  labels: Int32Array;
}

const POSITIVE = [
  'great',    'excellent',  'wonderful', 'perfect',    'amazing', 'fantastic', 'comfortable',
  'reliable', 'beautiful',  'sturdy',    'delightful', 'superb',  'pleasant',  'brilliant',
  'solid',    'impressive', 'lovely',    'durable',    'elegant', 'quiet',
];
const NEGATIVE = [
  'terrible', 'awful',  'broken',   'poor',   'disappointing', 'useless',    'cheap',
  'slow',     'flimsy', 'horrible', 'faulty', 'bad',           'noisy',      'ugly',
  'fragile',  'leaky',  'clunky',   'dull',   'overpriced',    'unreliable',
];
/** Verbs for the `{v}` slot, by label. */
const VERBS = [['hate', 'regret', 'returned'], ['love', 'recommend', 'enjoy']];
const PRODUCTS = [
  'phone',
  'blender',
  'jacket',
  'lamp',
  'headphones',
  'backpack',
  'kettle',
  'chair',
  'keyboard',
  'camera',
  'tent',
  'mug',
  'charger',
  'vacuum',
  'watch',
  'book',
];
const ASPECTS = [
  'quality',
  'price',
  'battery',
  'size',
  'color',
  'sound',
  'screen',
  'handle',
  'material',
  'design',
  'packaging',
  'delivery',
];
const PEOPLE = ['my son', 'my wife', 'work', 'travel', 'the kitchen', 'my office', 'a friend'];
const INTENSIFIERS = ['very', 'really', 'quite', 'so', 'pretty', 'truly'];

/**
 * Sentence templates; `{s}` is a sentiment slot, `{v}` a verb of the label,
 * `{p}` the product, `{a}` an aspect, `{i}` an intensifier, `{n}` a number.
 */
const TEMPLATES = [
  'i bought this {p} for {who}',
  'the {p} arrived after {n} days',
  'the {a} is {i} {s}',
  '{s} {a}',
  'it feels {s}',
  'overall {s}',
  'the {a} of this {p} is {s}',
  'used it for {n} weeks and it is {s}',
  'the {p} looks {s} and the {a} is {s}',
  '{i} {s} {p}',
  'what a {s} {p}',
  'after {n} days the {a} is still {s}',
  'it came in a box with the {a} guide',
  'i use it every day',
  'i {v} it',
];

/** A seeded generator (mulberry32), so every run builds the same reviews. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6D2B79F5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)];
}

/** Fills a sentiment slot: mostly an adjective of the label's class. */
function sentimentWord(next: () => number, label: number): string {
  const r = next();
  if (r < 0.75) return pick(next, label === 1 ? POSITIVE : NEGATIVE);
  // "not <adjective of the other class>" keeps the meaning but adds a misleading word.
  if (r < 0.9) return `not ${pick(next, label === 1 ? NEGATIVE : POSITIVE)}`;
  return pick(next, ['okay', 'fine', 'average', 'normal']);
}

/** One review of the given label, 2 to 4 sentences. */
export function makeReview(next: () => number, label: number): Review {
  const product = pick(next, PRODUCTS);
  const sentences: string[] = [];
  const count = 2 + Math.floor(next() * 3);
  for (let k = 0; k < count; k++) {
    sentences.push(pick(next, TEMPLATES).replace(/\{(\w+)\}/g, (_, slot: string) => {
      switch (slot) {
        case 's':
          return sentimentWord(next, label);
        case 'v':
          return pick(next, VERBS[label]);
        case 'p':
          return product;
        case 'a':
          return pick(next, ASPECTS);
        case 'i':
          return pick(next, INTENSIFIERS);
        case 'who':
          return pick(next, PEOPLE);
        default:
          return String(2 + Math.floor(next() * 12));
      }
    }));
  }
  // A review with no plain word of its class gets a closing verdict, so that
  // labels follow from the words (held-out accuracy can approach 100%).
  const own = new Set<string>([...(label === 1 ? POSITIVE : NEGATIVE), ...VERBS[label]]);
  const clear =
      sentences.some(s => s.split(' ').some((w, i, ws) => own.has(w) && ws[i - 1] !== 'not'));
  if (!clear) {
    sentences.push(
        `overall ${pick(next, INTENSIFIERS)} ${pick(next, label === 1 ? POSITIVE : NEGATIVE)}`);
  }
  const text = sentences.map(s => s[0].toUpperCase() + s.slice(1)).join('. ') + '.';
  return {text, label};
}

/** `count` reviews, half of each label, in random order. */
export function makeReviews(count: number, seed: number): Review[] {
  const next = seededRandom(seed);
  const reviews: Review[] = [];
  for (let i = 0; i < count; i++) {
    reviews.push(makeReview(next, i % 2));
  }
  return shuffle(reviews, next);
}

/** A shuffled copy of `items` (Fisher-Yates). */
export function shuffle<T>(items: readonly T[], next: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Lower-case words; digits and punctuation are dropped. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+/g) ?? [];
}

/** Maps words to token ids; id 0 is every word it has not seen. */
export class Vocabulary {
  static readonly UNKNOWN = '<unk>';
  readonly words: string[];
  private readonly ids: Map<string, number>;

  constructor(texts: readonly string[]) {
    const seen = new Set<string>();
    for (const text of texts) {
      for (const w of words(text)) seen.add(w);
    }
    this.words = [Vocabulary.UNKNOWN, ...[...seen].sort()];
    this.ids = new Map(this.words.map((w, i) => [w, i]));
  }

  get size(): number {
    return this.words.length;
  }

  /**
   * The token ids of `text`. Never empty: a text with no words becomes one
   * unknown token, so every document is a non-empty segment of its batch.
   */
  encode(text: string): number[] {
    const ids = words(text).map(w => this.ids.get(w) ?? 0);
    return ids.length > 0 ? ids : [0];
  }
}

/** Token ids of `reviews` as one batch: document i is segment i. */
export function toBatch(reviews: readonly Review[], vocab: Vocabulary): TokenBatch {
  const tokens: number[] = [];
  const segmentIds: number[] = [];
  reviews.forEach((review, doc) => {
    for (const id of vocab.encode(review.text)) {
      tokens.push(id);
      segmentIds.push(doc);
    }
  });
  return {
    tokens: Int32Array.from(tokens),
    segmentIds: Int32Array.from(segmentIds),
    labels: Int32Array.from(reviews.map(r => r.label)),
  };
}

/** The demo's data: training and held-out reviews and their vocabulary. */
export interface Dataset {
  train: Review[];
  heldOut: Review[];
  vocab: Vocabulary;
}

/** 800 reviews: 640 to train on, 160 held out; the vocabulary of the training ones. */
export function makeDataset(seed = 2024, count = 800, heldOutFraction = 0.2): Dataset {
  const reviews = makeReviews(count, seed);
  const split = Math.round(count * (1 - heldOutFraction));
  const train = reviews.slice(0, split);
  return {train, heldOut: reviews.slice(split), vocab: new Vocabulary(train.map(r => r.text))};
}

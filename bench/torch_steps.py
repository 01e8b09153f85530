"""PyTorch's step on the shapes of the bag suite (bench/train_benches.ts,
BAG_SHAPES), for `npm run bench -- --suites bag`: the speed anchor of the
EmbeddingBag step. Run by bench/run.ts with the Python that has torch
(`--python`); prints one JSON list of {method, vocab, ms}.

    python bench/torch_steps.py '{"vocabs": [100000], "warmup": 3, "runs": 7}'

One thread (torch.set_num_threads(1)), CPU; nn.EmbeddingBag(sparse=True)
with torch.optim.SparseAdam on the tables and Adam on the head: lazy Adam,
as the package's train.lazyAdam. Ids are made every step.
"""
import json
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn

STEP = {'bags': 64, 'bag_size': 16, 'd': 32}
COLLECTION = {'features': 26, 'batch': 256, 'd': 16, 'vocab': 100000}


def interleaved_medians(steps, warmup, runs):
  times = {name: [] for name in steps}
  for r in range(warmup + runs):
    for name, step in steps.items():
      start = time.perf_counter()
      step()
      if r >= warmup:
        times[name].append((time.perf_counter() - start) * 1000)
  return {name: statistics.median(t) for name, t in times.items()}


def trainer(tables, head, lookup, target):
  sparse = torch.optim.SparseAdam([t.weight for t in tables], lr=0.01)
  dense = torch.optim.Adam(head.parameters(), lr=0.01)

  def step(*inputs):
    sparse.zero_grad()
    dense.zero_grad()
    loss = nn.functional.mse_loss(head(lookup(*inputs)), target)
    loss.backward()
    sparse.step()
    dense.step()
    float(tables[0].weight[0, 0].detach())
  return step


def main():
  config = json.loads(sys.argv[1])
  torch.set_num_threads(1)
  torch.manual_seed(1)
  rng = np.random.default_rng(1)
  rows = []
  bags, bag_size, d = STEP['bags'], STEP['bag_size'], STEP['d']
  for vocab in [v for v in config['vocabs'] if v >= 1e5]:
    table = nn.EmbeddingBag(vocab, d, mode='mean', sparse=True)
    head = nn.Linear(d, 1, bias=False)
    step = trainer([table], head, lambda ids: table(ids), torch.ones(bags, 1))
    ms = interleaved_medians(
        {'PyTorch nn.EmbeddingBag':
         lambda: step(torch.from_numpy(rng.integers(0, vocab, (bags, bag_size))))},
        config['warmup'], config['runs'])
    rows += [{'method': m, 'vocab': vocab, 'ms': v} for m, v in ms.items()]
  features, batch, width, vocab = (COLLECTION[k] for k in ['features', 'batch', 'd', 'vocab'])
  tables = [nn.EmbeddingBag(vocab, width, mode='sum', sparse=True) for _ in range(features)]
  many = trainer(tables, nn.Linear(features * width, 1),
                 lambda ids: torch.cat([t(ids[:, f:f + 1]) for f, t in enumerate(tables)], 1),
                 torch.ones(batch, 1))
  big = nn.EmbeddingBag(vocab * features, width, mode='sum', sparse=True)
  one = trainer([big], nn.Linear(width, 1), lambda ids: big(ids), torch.ones(batch, 1))
  ms = interleaved_medians({
      f'PyTorch {features} nn.EmbeddingBag':
          lambda: many(torch.from_numpy(rng.integers(0, vocab, (batch, features)))),
      f'PyTorch one nn.EmbeddingBag of {features} ids':
          lambda: one(torch.from_numpy(rng.integers(0, vocab * features, (batch, features)))),
  }, config['warmup'], config['runs'])
  rows += [{'method': m, 'vocab': vocab, 'ms': v} for m, v in ms.items()]
  print(json.dumps(rows))


if __name__ == '__main__':
  main()

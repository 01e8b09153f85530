"""Writes test/fixtures/embedding/torch_embedding_bag.json: values and
gradients of PyTorch's torch.nn.functional.embedding_bag for the shared test
table, which the package's embeddingBag must reproduce.

Run with PyTorch 2.13 (pip install torch==2.13.0, CPU):
    python tools/torch_fixtures/embedding_bag.py

Each case records its arguments, the output, and the gradients of
sum(output * W) (W: fixed weights recorded with the case) with respect to
the table (dense) and to per_sample_weights. PyTorch's max_norm renormalizes
the table itself, unlike TensorFlow's clip_by_norm that the package follows:
maxNorm is checked against TensorFlow's fixtures instead. With
include_last_offset, the last offset here is the end of the ids: when it is
less, PyTorch 2.13's CPU kernel lets the last bag of 'mean' and 'max' reach
the ids past it ('mean' divides by the ids to the end of the input, aten's
bag_size; 'max' takes their rows in), where the package ends the bag at its
offset.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures',
                   'embedding', 'torch_embedding_bag.json')
rng = np.random.default_rng(11)
TABLE = rng.uniform(-1, 1, (12, 4)).astype(np.float32)
# Integers in the table make ties for 'max'.
TABLE[5] = [1, 0, 2, -1]
TABLE[6] = [1, 3, 2, -1]


def case(name, ids, offsets=None, include_last_offset=False, mode='mean',
         per_sample_weights=None, padding_idx=None):
  table = torch.tensor(TABLE, requires_grad=True)
  weights = None
  if per_sample_weights is not None:
    weights = torch.tensor(per_sample_weights, dtype=torch.float32, requires_grad=True)
  out = F.embedding_bag(
      torch.tensor(ids, dtype=torch.int64), table,
      None if offsets is None else torch.tensor(offsets, dtype=torch.int64),
      mode=mode, per_sample_weights=weights, include_last_offset=include_last_offset,
      padding_idx=padding_idx)
  loss_weights = rng.uniform(-1, 1, tuple(out.shape)).astype(np.float32)
  (out * torch.tensor(loss_weights)).sum().backward()
  return {
      'name': name,
      'ids': ids,
      'offsets': offsets,
      'includeLastOffset': include_last_offset,
      'combiner': mode,
      'weights': per_sample_weights,
      'paddingIdx': padding_idx,
      'lossWeights': loss_weights.ravel().tolist(),
      'output': {'shape': list(out.shape), 'values': out.detach().numpy().ravel().tolist()},
      'tableGrad': table.grad.numpy().ravel().tolist(),
      'weightGrads': None if weights is None else weights.grad.numpy().tolist(),
  }


def main():
  cases = []
  ids_2d = [[1, 5, 5, 2], [6, 0, 3, 3], [11, 4, 9, 1]]
  ids_1d = [1, 5, 6, 5, 2, 0, 7, 7, 9, 11, 3]
  offsets = [0, 3, 3, 7, 10]
  for mode in ['sum', 'mean', 'max']:
    cases.append(case(f'{mode} 2-D ids', ids_2d, mode=mode))
    cases.append(case(f'{mode} ids and offsets, an empty bag', ids_1d, offsets, mode=mode))
    cases.append(case(
        f'{mode} includeLastOffset', ids_1d, [0, 3, 3, 7, 11], include_last_offset=True,
        mode=mode))
    cases.append(case(f'{mode} paddingIdx', ids_2d, mode=mode, padding_idx=5))
    cases.append(case(f'{mode} a bag of padding', [[3, 3], [1, 2]], mode=mode, padding_idx=3))
    cases.append(case(f'{mode} duplicates and ties', [[5, 6, 5, 6], [6, 6, 5, 5]], mode=mode))
  weights_1d = rng.uniform(-2, 2, len(ids_1d)).astype(np.float32).tolist()
  cases.append(case('sum per_sample_weights', ids_1d, offsets, mode='sum',
                    per_sample_weights=weights_1d))
  cases.append(case('sum per_sample_weights, paddingIdx', ids_1d, offsets, mode='sum',
                    per_sample_weights=weights_1d, padding_idx=7))
  # A negative padding_idx counts from the end of the table.
  cases.append(case('mean paddingIdx -1 (the last row)', [[11, 4, 11], [2, 11, 0]], mode='mean',
                    padding_idx=-1))
  cases.append(case('max paddingIdx -12 (row 0)', [[0, 4], [0, 0]], mode='max', padding_idx=-12))
  with open(OUT, 'w') as f:
    json.dump({'torch': torch.__version__, 'table': TABLE.ravel().tolist(), 'cases': cases}, f,
              indent=1)
  print(f'wrote {len(cases)} cases to {os.path.relpath(OUT)}')


if __name__ == '__main__':
  main()

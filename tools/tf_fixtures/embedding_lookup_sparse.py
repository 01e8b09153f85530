"""Writes test/fixtures/embedding/tf_cases.json: values and gradients of
TensorFlow's tf.nn.embedding_lookup_sparse and
tf.nn.safe_embedding_lookup_sparse for the shared test table.

Run with TensorFlow 2.21 (pip install tensorflow-cpu==2.21.0):
    python tools/tf_fixtures/embedding_lookup_sparse.py

Each case records its inputs, the output, and the gradients of
sum(output * W) (W: fixed weights recorded with the case) with respect to
every params partition (dense) and to the sparse weights' values.
"""
import json
import os

import numpy as np
import tensorflow as tf

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures',
                   'embedding', 'tf_cases.json')
rng = np.random.default_rng(7)
TABLE = rng.uniform(-1, 1, (10, 3)).astype(np.float32)
# TF's "div" strategy over 3 partitions of 10 rows: 4, 3, 3.
PARTITIONS = [TABLE[0:4], TABLE[4:7], TABLE[7:10]]

SPARSE_2D = {
    'indices': [[0, 0], [0, 1], [0, 2], [2, 0], [3, 1], [3, 3]],
    'values': [1, 7, 1, 9, 0, 4],
    'denseShape': [5, 4],
}
SPARSE_2D_BAD = {
    'indices': [[0, 0], [0, 1], [0, 2], [2, 0], [3, 1], [3, 3]],
    'values': [1, -1, 5, -2, 0, 4],
    'denseShape': [5, 4],
}
SPARSE_3D = {
    'indices': [[0, 0, 0], [0, 0, 1], [0, 1, 0], [1, 1, 2], [1, 1, 3]],
    'values': [3, 8, 2, 6, -1],
    'denseShape': [2, 3, 4],
}
WEIGHTS = [0.5, 2.0, -1.0, 1.5, 0.0, 3.0]
WEIGHTS_3D = [1.0, 2.0, 0.5, -0.5, 1.0]


def sparse(spec, values, dtype):
  # A variable's values stay differentiable (tf.constant would copy them).
  values = tf.identity(values) if isinstance(values, tf.Variable) else tf.constant(values, dtype)
  return tf.sparse.SparseTensor(
      tf.constant(spec['indices'], tf.int64), values,
      tf.constant(spec['denseShape'], tf.int64))


def run(case):
  partitioned = case['partitioned']
  params = [tf.Variable(p) for p in PARTITIONS] if partitioned else [
      tf.Variable(TABLE)]
  spec = case['spIds']
  weights = tf.Variable(np.array(case['weights'], np.float32)) if case[
      'weights'] is not None else None
  with tf.GradientTape() as tape:
    ids = sparse(spec, spec['values'], tf.int64)
    sp_weights = sparse(spec, weights, tf.float32) if weights is not None else None
    args = dict(combiner=case['combiner'], max_norm=case['maxNorm'])
    target = params if partitioned else params[0]
    if case['safe']:
      out = tf.nn.safe_embedding_lookup_sparse(
          target, ids, sp_weights, default_id=case['defaultId'], **args)
    else:
      out = tf.nn.embedding_lookup_sparse(target, ids, sp_weights, **args)
    w = np.random.default_rng(len(json.dumps(case))).uniform(
        -1, 1, out.shape).astype(np.float32)
    loss = tf.reduce_sum(out * w)
  sources = params + ([weights] if weights is not None else [])
  grads = tape.gradient(loss, sources)
  dense = [tf.convert_to_tensor(g).numpy() if g is not None else
           np.zeros(s.shape, np.float32) for g, s in zip(grads, sources)]
  case['lossWeights'] = w.ravel().tolist()
  case['output'] = {'shape': list(out.shape), 'values': out.numpy().ravel().tolist()}
  case['paramGrads'] = [g.ravel().tolist() for g in dense[:len(params)]]
  case['weightGrads'] = dense[-1].ravel().tolist() if weights is not None else None
  return case


cases = []
for safe in [False, True]:
  for combiner in ['sum', 'mean', 'sqrtn']:
    for weighted in [False, True]:
      for partitioned in [False, True]:
        for max_norm in [None, 0.8]:
          for spec_name in (['2d', '2d-bad', '3d'] if safe else ['2d']):
            for default_id in ([None, 2] if safe else [None]):
              spec = {'2d': SPARSE_2D, '2d-bad': SPARSE_2D_BAD, '3d': SPARSE_3D}[spec_name]
              weights = (WEIGHTS_3D if spec_name == '3d' else WEIGHTS) if weighted else None
              if not safe and weights is not None:
                weights = [abs(x) + 0.25 for x in weights]
              name = ('safeEmbeddingLookupSparse' if safe else 'embeddingLookupSparse') + \
                  f'/{combiner},{"weighted" if weighted else "unweighted"},' \
                  f'{"partitioned" if partitioned else "one table"},maxNorm={max_norm},' \
                  f'ids={spec_name},defaultId={default_id}'
              cases.append(run({
                  'name': name, 'safe': safe, 'combiner': combiner,
                  'partitioned': partitioned, 'maxNorm': max_norm,
                  'defaultId': default_id, 'spIds': spec, 'weights': weights,
              }))

with open(OUT, 'w') as f:
  json.dump({
      'tensorflow': tf.__version__,
      'table': TABLE.ravel().tolist(),
      'partitionRows': [len(p) for p in PARTITIONS],
      'cases': cases,
  }, f, indent=0)
print(f'wrote {len(cases)} cases to {OUT}')

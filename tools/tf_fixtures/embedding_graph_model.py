"""Writes test/fixtures/embedding_graph/: a tfjs GraphModel (model.json and
weights.bin) of TensorFlow graphs that call tf.nn.safe_embedding_lookup_sparse
and tf.nn.embedding_lookup_sparse (weighted, max norm, a table in three "div"
partitions), and expected.json: their outputs for fixed inputs.

Run with TensorFlow 2.21 (pip install tensorflow-cpu==2.21.0):
    python tools/tf_fixtures/embedding_graph_model.py

The graph is frozen (variables become constants) and written in tfjs's
graph-model format by hand, as tensorflowjs_converter would write it: the
GraphDef as JSON, each constant's value moved to the weights file (int64
stored as int32, which is what tfjs-converter does).
"""
import json
import os

import numpy as np
import tensorflow as tf
from google.protobuf import json_format
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'embedding_graph')
rng = np.random.default_rng(11)
table = rng.uniform(-1, 1, (10, 3)).astype(np.float32)
partitions = [tf.Variable(table[0:4]), tf.Variable(table[4:7]), tf.Variable(table[7:10])]
single = tf.Variable(table)

spec = [tf.TensorSpec([None, 2], tf.int64, name='indices'),
        tf.TensorSpec([None], tf.int64, name='ids'),
        tf.TensorSpec([2], tf.int64, name='dense_shape'),
        tf.TensorSpec([None], tf.float32, name='weights')]


@tf.function(input_signature=spec)
def lookups(indices, ids, dense_shape, weights):
  sp_ids = tf.sparse.SparseTensor(indices, ids, dense_shape)
  sp_weights = tf.sparse.SparseTensor(indices, weights, dense_shape)
  safe = tf.nn.safe_embedding_lookup_sparse(
      partitions, sp_ids, sp_weights, combiner='sqrtn', default_id=2, max_norm=0.9)
  # The plain lookup has no pruning: it looks up max(id, 0).
  plain_ids = tf.sparse.SparseTensor(indices, tf.maximum(ids, 0), dense_shape)
  plain = tf.nn.embedding_lookup_sparse(single, plain_ids, sp_weights, combiner='mean')
  return {'safe': tf.identity(safe, name='safe'), 'plain': tf.identity(plain, name='plain')}


frozen = convert_variables_to_constants_v2(lookups.get_concrete_function())
graph_def = frozen.graph.as_graph_def()
weights = []
blobs = []
for node in graph_def.node:
  if node.op != 'Const':
    continue
  value = tf.make_ndarray(node.attr['value'].tensor)
  if value.dtype == np.int64:
    value = value.astype(np.int32)
  dtype = {np.dtype('float32'): 'float32', np.dtype('int32'): 'int32',
           np.dtype('bool'): 'bool'}[value.dtype]
  weights.append({'name': node.name, 'shape': list(value.shape), 'dtype': dtype})
  blobs.append(value.astype(value.dtype).tobytes())
  # Keep the dtype and shape; the value lives in the weights file.
  tensor = node.attr['value'].tensor
  tensor.ClearField('tensor_content')
  for field in ['float_val', 'int_val', 'int64_val', 'bool_val']:
    tensor.ClearField(field)

topology = json_format.MessageToDict(graph_def)
os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, 'weights.bin'), 'wb') as f:
  f.write(b''.join(blobs))
outputs = [t.name.split(':')[0] for t in frozen.outputs]
with open(os.path.join(OUT, 'model.json'), 'w') as f:
  json.dump({
      'format': 'graph-model',
      'generatedBy': f'TensorFlow {tf.__version__}, tools/tf_fixtures/embedding_graph_model.py',
      'convertedBy': None,
      'modelTopology': topology,
      'weightsManifest': [{'paths': ['weights.bin'], 'weights': weights}],
      'signature': {'outputs': outputs},
  }, f, indent=1)

inputs = {
    'indices': [[0, 0], [0, 1], [0, 2], [2, 0], [3, 1], [3, 3]],
    'ids': [1, 7, -1, 9, 0, 4],
    'dense_shape': [5, 4],
    'weights': [0.5, 2.0, 1.0, -1.5, 1.0, 3.0],
}
result = lookups(tf.constant(inputs['indices'], tf.int64), tf.constant(inputs['ids'], tf.int64),
                 tf.constant(inputs['dense_shape'], tf.int64), tf.constant(inputs['weights']))
with open(os.path.join(OUT, 'expected.json'), 'w') as f:
  json.dump({
      'inputs': inputs,
      'outputNodes': outputs,
      'ops': sorted({n.op for n in graph_def.node}),
      # tf.function flattens the output dict in key order: plain, safe.
      'outputs': {node: {'of': key, 'shape': list(result[key].shape),
                         'values': result[key].numpy().ravel().tolist()}
                  for node, key in zip(outputs, sorted(result))},
  }, f, indent=1)
print('ops:', sorted({n.op for n in graph_def.node}), 'outputs:', outputs)

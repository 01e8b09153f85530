"""Writes test/fixtures/optimizers/tf_sparse_apply.json: TensorFlow 2.21's
sparse apply ops of the optimizers the package adds, step by step, for the
package's train.ftrl and train.momentum to reproduce.

Run with TensorFlow 2.21 (pip install tensorflow-cpu==2.21.0):
    python tools/tf_fixtures/sparse_optimizers.py

Each case starts from one [8, 3] variable and applies several steps of
gradient rows (with duplicate indices). As TensorFlow's optimizers do with an
IndexedSlices, the rows of a step with the same index are summed first
(unsorted_segment_sum over the unique indices), then the raw op runs:
ResourceSparseApplyFtrlV2 (Keras's beta enters as l2 + beta / (2 lr)) or
ResourceSparseApplyMomentum. A dense case applies ResourceApplyFtrlV2 to a
dense gradient. Every step records the variable and the slots after it.
"""
import json
import os

import numpy as np
import tensorflow as tf

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'optimizers',
                   'tf_sparse_apply.json')
rng = np.random.default_rng(5)
INITIAL = rng.uniform(-1, 1, (8, 3)).astype(np.float32)
STEPS = [
    {'indices': [1, 4, 1, 6], 'values': rng.uniform(-1, 1, (4, 3)).astype(np.float32)},
    {'indices': [6, 0, 6, 6, 3], 'values': rng.uniform(-2, 2, (5, 3)).astype(np.float32)},
    {'indices': [4, 1, 7], 'values': rng.uniform(-1, 1, (3, 3)).astype(np.float32)},
    {'indices': [1, 1], 'values': rng.uniform(-3, 3, (2, 3)).astype(np.float32)},
]


def summed(step):
  unique, position = np.unique(step['indices'], return_inverse=True)
  values = tf.math.unsorted_segment_sum(step['values'], position, len(unique))
  return tf.constant(unique, tf.int32), values


def record(step_fn, slots):
  var = tf.Variable(INITIAL)
  slot_vars = {name: tf.Variable(np.full(INITIAL.shape, value, np.float32))
               for name, value in slots.items()}
  states = []
  for step in STEPS:
    step_fn(var, slot_vars, step)
    states.append({'variable': var.numpy().ravel().tolist(),
                   **{name: v.numpy().ravel().tolist() for name, v in slot_vars.items()}})
  return states


def ftrl_case(name, lr=0.1, lr_power=-0.5, initial=0.1, l1=0.0, l2=0.0, shrinkage=0.0, beta=0.0,
              dense=False):
  def step_fn(var, slots, step):
    indices, values = summed(step)
    l2_total = l2 + beta / (2 * lr)
    if dense:
      grad = tf.math.unsorted_segment_sum(values, indices, INITIAL.shape[0])
      tf.raw_ops.ResourceApplyFtrlV2(
          var=var.handle, accum=slots['accumulator'].handle, linear=slots['linear'].handle,
          grad=grad, lr=lr, l1=l1, l2=l2_total, l2_shrinkage=shrinkage, lr_power=lr_power)
    else:
      tf.raw_ops.ResourceSparseApplyFtrlV2(
          var=var.handle, accum=slots['accumulator'].handle, linear=slots['linear'].handle,
          grad=values, indices=indices, lr=lr, l1=l1, l2=l2_total, l2_shrinkage=shrinkage,
          lr_power=lr_power)
  return {
      'name': name, 'optimizer': 'ftrl', 'dense': dense,
      'options': {'learningRate': lr, 'learningRatePower': lr_power,
                  'initialAccumulatorValue': initial, 'l1': l1, 'l2': l2,
                  'l2Shrinkage': shrinkage, 'beta': beta},
      'states': record(step_fn, {'accumulator': initial, 'linear': 0.0}),
  }


def momentum_case(name, lr=0.1, momentum=0.9, nesterov=False):
  def step_fn(var, slots, step):
    indices, values = summed(step)
    tf.raw_ops.ResourceSparseApplyMomentum(
        var=var.handle, accum=slots['momentum'].handle, lr=lr, grad=values, indices=indices,
        momentum=momentum, use_nesterov=nesterov)
  return {
      'name': name, 'optimizer': 'momentum', 'dense': False,
      'options': {'learningRate': lr, 'momentum': momentum, 'useNesterov': nesterov},
      'states': record(step_fn, {'momentum': 0.0}),
  }


def main():
  cases = [
      ftrl_case('ftrl defaults'),
      ftrl_case('ftrl l1 drives weights to zero', l1=0.8),
      ftrl_case('ftrl l1, l2 and beta', l1=0.05, l2=0.3, beta=0.5, lr=0.3),
      ftrl_case('ftrl l2 shrinkage', shrinkage=0.2, l2=0.1),
      ftrl_case('ftrl learning rate power -0.3', lr_power=-0.3, initial=0.5),
      ftrl_case('ftrl learning rate power 0', lr_power=0.0, l1=0.01),
      ftrl_case('ftrl dense', l1=0.05, l2=0.1, shrinkage=0.1, dense=True),
      momentum_case('momentum'),
      momentum_case('momentum nesterov', nesterov=True, momentum=0.5, lr=0.2),
  ]
  os.makedirs(os.path.dirname(OUT), exist_ok=True)
  with open(OUT, 'w') as f:
    json.dump({
        'tensorflow': tf.__version__,
        'initial': INITIAL.ravel().tolist(),
        'steps': [{'indices': s['indices'], 'values': s['values'].ravel().tolist()} for s in STEPS],
        'cases': cases,
    }, f, indent=1)
  print(f'wrote {len(cases)} cases to {os.path.relpath(OUT)}')


if __name__ == '__main__':
  main()

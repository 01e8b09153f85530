/**
 * The case table: every kernel case and check, written once, run by the cpu,
 * wasm and tensorflow suites in Node and by the browser suites on cpu, wasm,
 * webgl and webgpu.
 */
import type {KernelCase, NamedCheck} from '../harness/types';

import {autodiffChecks} from './autodiff';
import {edgeCases} from './edge';
import {embeddingBagCases} from './embedding_bag';
import {embeddingChecks} from './embedding';
import {embeddingBagCollectionChecks} from './embedding_bag_collection';
import {errorCases} from './errors';
import {hardeningChecks} from './hardening';
import {optimizerChecks, sumDuplicatesCases} from './optimizers';
import {randomCases} from './random';
import {replacedKernelChecks} from './replaced_kernels';
import {tfSegmentGradCases} from './tf_segment_grad_tests';
import {trainingChecks} from './training';
import {trainingStateChecks} from './training_state';
import {tfFillEmptyRowsGradCases, tfSliceGradCases} from './tf_sparse_tests';
import {unsortedSegmentSumCases} from './unsorted_segment_sum';

export function allCases(): KernelCase[] {
  const cases = [
    ...tfSegmentGradCases(),
    ...tfFillEmptyRowsGradCases(),
    ...tfSliceGradCases(),
    ...errorCases(),
    ...edgeCases(),
    ...randomCases(),
    ...unsortedSegmentSumCases(),
    ...embeddingBagCases(),
    ...sumDuplicatesCases(),
  ];
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case name ${c.name}`);
    names.add(c.name);
  }
  return cases;
}

export function allChecks(): NamedCheck[] {
  return [
    ...autodiffChecks(), ...replacedKernelChecks(), ...trainingChecks(), ...trainingStateChecks(),
    ...optimizerChecks(), ...embeddingChecks(), ...embeddingBagCollectionChecks(),
    ...hardeningChecks()
  ];
}

/**
 * One half of the fresh-process resume test (test/node/resume.test.ts), run
 * as its own Node process:
 *
 *   resume.ts save <backend> <optimizers> <dir>    for each optimizer (a comma-separated
 *       list of SPARSE_OPTIMIZERS' names): fits 2 epochs, saves the model with its optimizer
 *       to <dir>/<k>/ (k its position in the list), fits 1 more epoch, writes the weights to
 *       <dir>/<k>/uninterrupted.bin
 *   resume.ts resume <backend> <optimizers> <dir>  for each: loads <dir>/<k>/, fits 1 epoch,
 *       writes the weights to <dir>/<k>/resumed.bin
 */
import * as fs from 'fs';
import * as path from 'path';

import * as sg from '../../../src/layers';
import {fit, makeModel, SPARSE_OPTIMIZERS, weightsOf} from '../../cases/training_state';

type TF = typeof import('@tensorflow/tfjs');

async function main(): Promise<void> {
  const [mode, backend, optimizerNames, root] = process.argv.slice(2);
  const tf: TF = backend === 'tensorflow' ? await import('@tensorflow/tfjs-node') :
                                            await import('@tensorflow/tfjs');
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!await tf.setBackend(backend)) throw new Error(`no backend ${backend}`);
  for (const [k, name] of optimizerNames.split(',').entries()) {
    const dir = path.join(root, String(k));
    fs.mkdirSync(dir, {recursive: true});
    await run(tf, mode, SPARSE_OPTIMIZERS.find(([n]) => n === name)![1], dir);
  }
}

async function run(
    tf: TF, mode: string, make: (typeof SPARSE_OPTIMIZERS)[number][1], dir: string): Promise<void> {
  const writeWeights = async (model: import('@tensorflow/tfjs').LayersModel, file: string) => {
    const weights = await weightsOf(model);
    const all = new Float32Array(weights.reduce((n, w) => n + w.length, 0));
    let offset = 0;
    for (const w of weights) {
      all.set(w, offset);
      offset += w.length;
    }
    fs.writeFileSync(path.join(dir, file), Buffer.from(all.buffer));
  };
  if (mode === 'save') {
    const model = makeModel(tf, sg, make(sg));
    await fit(tf, model, 2);
    await model.save(
        tf.io.withSaveHandler(async artifacts => {
          fs.writeFileSync(
              path.join(dir, 'model.json'), JSON.stringify({...artifacts, weightData: undefined}));
          fs.writeFileSync(
              path.join(dir, 'weights.bin'), Buffer.from(artifacts.weightData as ArrayBuffer));
          return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
        }),
        {includeOptimizer: true});
    await fit(tf, model, 1);
    await writeWeights(model, 'uninterrupted.bin');
  } else {
    const artifacts = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    const bytes = fs.readFileSync(path.join(dir, 'weights.bin'));
    artifacts.weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    await fit(tf, model, 1);
    await writeWeights(model, 'resumed.bin');
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

/**
 * Helpers for the checks that save and load tfjs models.
 */
import type * as tfType from '@tensorflow/tfjs';

/** `model`'s artifacts as `model.save` writes them, optimizer included, kept in memory. */
export async function saveToMemory(
    tf: typeof tfType, model: tfType.LayersModel): Promise<tfType.io.ModelArtifacts> {
  let saved: tfType.io.ModelArtifacts|null = null;
  await model.save(
      tf.io.withSaveHandler(async artifacts => {
        saved = artifacts;
        return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
      }),
      {includeOptimizer: true});
  return saved!;
}

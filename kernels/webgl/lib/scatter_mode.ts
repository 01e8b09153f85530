/** Which scatter path the webgl kernels take (flag `SPARSE_GRAD_WEBGL_SCATTER`). */
import {WEBGL_SCATTER_FLAG, webglScatterMode} from '../../../src/flags';

import {supportsFloatBlend} from './scatter_draw';

import type {WebGLBackend} from './backend_util';

/**
 * 'blend' when the flag asks for it or is 'auto' and the context can blend
 * float32 render targets; 'gather' otherwise. Forcing 'blend' on a context
 * that cannot is an error, never a silent switch.
 */
export function scatterMode(backend: WebGLBackend): 'blend'|'gather' {
  const mode = webglScatterMode();
  if (mode === 'gather') {
    return 'gather';
  }
  const canBlend = supportsFloatBlend(backend);
  if (mode === 'blend' && !canBlend) {
    throw new Error(
        `tfjs-sparse-grad: ${WEBGL_SCATTER_FLAG} is 'blend', but this WebGL ` +
        'context cannot blend float32 render targets (it needs WebGL2, ' +
        'EXT_color_buffer_float, EXT_float_blend and float32 textures)');
  }
  return canBlend ? 'blend' : 'gather';
}

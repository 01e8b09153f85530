/**
 * jest's Node environment, with the test's typed-array and ArrayBuffer
 * classes taken from Node's own realm. jest runs each test file in a fresh
 * realm, while a native addon (tfjs-node's binding) makes its arrays in
 * Node's: without this, `x instanceof Float32Array` is false for the values
 * tfjs-node returns, and tfjs's own code (for example `model.save`) rejects
 * them. A plain Node program has one realm and never meets this.
 */
const {TestEnvironment} = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array',
  'BigInt64Array', 'BigUint64Array'
];

module.exports = class NativeRealmEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) {
      this.global[name] = globalThis[name];
    }
  }
};

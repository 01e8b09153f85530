/**
 * `npm start`: builds the demo page and serves it on 127.0.0.1 until Ctrl-C.
 *
 *   npm start                    # http://127.0.0.1:8080/, or a free port if 8080 is busy
 *   npm start -- --port 9000     # another port
 *   npm start -- --strict-port   # fail instead of falling back
 */
import {DEFAULT_PORT, serveDemo} from './serve_demo';

function parseArgs(argv: string[]): {port: number, strictPort: boolean} {
  let port = DEFAULT_PORT;
  let strictPort = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg.includes('=') ? arg.slice('--port='.length) : argv[++i];
      port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`--port wants a port number (0-65535), got ${value}`);
      }
    } else if (arg === '--strict-port') {
      strictPort = true;
    } else {
      throw new Error(`unknown argument ${arg} (options: --port N, --strict-port)`);
    }
  }
  return {port, strictPort};
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const server = await serveDemo(options);
  if (server.fellBack) {
    console.log(`Port ${options.port} is busy; using ${server.port} instead.`);
  }
  console.log(`Demo: ${server.url}`);
  console.log(
      'Open it in Chrome, Edge or Firefox (webgpu needs a browser with WebGPU). ' +
      'Press Ctrl-C to stop.');
  // Open browser tabs keep connections alive, so don't wait for them on exit.
  process.on('SIGINT', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

main().catch(e => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

// Starts the in-memory MongoDB wire-protocol server ("CongoDB" from @push.rocks/smartmongo) for
// tests. Started by build/services/mongodb-wire.sh; not meant to be run by hand.
//
//   node mongodb-wire-server.mjs <smartmongo package dir> <port>
//
// Prints "listening on 127.0.0.1:<port>" once the port accepts connections; SIGTERM/SIGINT stop it.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageDir, portText] = process.argv.slice(2);
const port = Number.parseInt(portText ?? '', 10);
if (!packageDir || !Number.isInteger(port)) {
  console.error('usage: node mongodb-wire-server.mjs <smartmongo package dir> <port>');
  process.exit(64);
}

// Import only the wire server: the package's main entry also loads mongodb-memory-server, which
// is neither installed nor wanted here.
const entry = pathToFileURL(path.join(path.resolve(packageDir), 'dist_ts', 'congodb', 'index.js')).href;
const { CongoServer } = await import(entry);

const server = new CongoServer({ host: '127.0.0.1', port, storage: 'memory' });
await server.start();
console.log(`listening on 127.0.0.1:${port}`);

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`stopping on ${signal}`);
  try {
    await server.stop();
  } finally {
    process.exit(0);
  }
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

#!/usr/bin/env node
// `npm start [-- --data-dir DIR]`: builds Pressdesk and launches the Electron app.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildNode, buildRenderer } from './build.mjs';

const { root, ensureElectron, ensureElectronSqlite } = createRequire(import.meta.url)('./electron-native.cjs');

function fail(line) {
  console.error(`pressdesk: ${line}`);
  process.exit(1);
}

const electron = ensureElectron();
if (!electron) {
  fail(
    'the Electron binary is not installed and cannot be downloaded here. Use "npm run web" for the same app in a browser.',
  );
}

await buildNode();
await buildRenderer();

let nativeBinding;
try {
  nativeBinding = ensureElectronSqlite();
} catch (error) {
  fail(error.message);
}

const child = spawn(electron, [root, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, PRESSDESK_NATIVE_BINDING: nativeBinding },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

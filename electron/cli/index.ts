import { cli } from './main';
import { readSecret } from './secret';

void cli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  errWrite: (chunk) => process.stderr.write(chunk),
  errIsTTY: process.stderr.isTTY === true,
  ...(process.stdin.isTTY === true ? { readSecret } : {}),
  catchInterrupt: (onInterrupt) => {
    process.on('SIGINT', onInterrupt);
    return () => process.off('SIGINT', onInterrupt);
  },
}).then((code) => {
  process.exitCode = code;
});

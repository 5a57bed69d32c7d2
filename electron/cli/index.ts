import { cli } from './main';

void cli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  errWrite: (chunk) => process.stderr.write(chunk),
  errIsTTY: process.stderr.isTTY === true,
  catchInterrupt: (onInterrupt) => {
    process.on('SIGINT', onInterrupt);
    return () => process.off('SIGINT', onInterrupt);
  },
}).then((code) => {
  process.exitCode = code;
});

// A writer for the crash test: saves releases in a loop through the engine and
// reports every acknowledged save on stdout ("ack <id> <version> <headline>").
// On Linux, writes to a pipe are synchronous, so a reported save was committed.
import { openWorkstation } from '../workstation';
import { engineInternals } from '../testing/internals';

const [dataDir, seedText, mode] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: saveLoop DATA_DIR SEED');
const { releases } = engineInternals(openWorkstation({ dataDir, host: 'cli' }));
let seed = Number(seedText ?? 1) >>> 0;
const random = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const own: { id: string; version: number }[] = [];
// "own": touch only releases this writer created (for several writers at once).
const existing =
  mode === 'own'
    ? []
    : releases.list({ limit: 50 }).items.map((r) => ({ id: r.id, version: releases.get(r.id).version }));
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const headline = `Meldung ${seed.toString(36)}-${i} mit Umlauten äöü`;
  const body = {
    type: 'doc' as const,
    content: [
      {
        type: 'paragraph' as const,
        content: [{ type: 'text' as const, text: `Absatz ${i} `.repeat(1 + Math.floor(random() * 50)) }],
      },
    ],
  };
  const pool = [...own, ...existing];
  if (pool.length === 0 || random() < 0.4) {
    const created = releases.create({ headline, body });
    own.push({ id: created.id, version: created.version });
    process.stdout.write(`ack ${created.id} ${created.version} ${headline}\n`);
  } else {
    const target = pool[Math.floor(random() * pool.length)]!;
    const saved = releases.save(target.id, target.version, { headline, body });
    target.version = saved.version;
    process.stdout.write(`ack ${saved.id} ${saved.version} ${headline}\n`);
  }
}

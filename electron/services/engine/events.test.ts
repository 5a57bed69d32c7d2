import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEvent, type ContractEvent } from '../../../shared/contract/engineEvents';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { engineInternals } from '../testing/internals';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
let events: ContractEvent[];
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'web' });
  events = [];
  ws.onEvent((e) => events.push(e));
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

/** The events about a long job (others, such as the press list's changes, carry no job). */
type JobEvent = Extract<ContractEvent, { payload: { jobId: string } }>;

/** Waits until an event says the job has ended. */
async function ended(name: JobEvent['name'], jobId: string): Promise<JobEvent[]> {
  const mine = () =>
    events.filter((e): e is JobEvent => e.name === name && 'jobId' in e.payload && e.payload.jobId === jobId);
  for (let i = 0; i < 2000; i++) {
    const last = mine().at(-1);
    if (last && !['queued', 'running'].includes(last.payload.state)) return mine();
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no end of ${jobId}: ${JSON.stringify(mine())}`);
}

describe('engine events', () => {
  it('an import pushes its progress and its end, each valid by the contract', async () => {
    const line = (i: number) =>
      JSON.stringify({ format: 'pressdesk.release/1', id: `e-${i}`, headline: `Meldung ${i}`, bodyHtml: '<p>x</p>' });
    const files = [1, 2, 3].map((i) => ({
      name: `r${i}.ndjson`,
      bytes: new TextEncoder().encode(`${line(i)}\n${line(i + 10)}\n`),
    }));
    const started = await ws.handlers['archive.importStart']({ files });
    const seen = await ended('archive.onDidChangeImportJob', started.jobId);
    expect(seen.map((e) => e.payload.state).at(-1)).toBe('done');
    const dones = seen.map((e) => (e.name === 'archive.onDidChangeImportJob' ? e.payload.done : -1));
    expect(dones.at(-1)).toBe(3);
    expect([...dones].sort((a, b) => a - b)).toEqual(dones);
    for (const e of seen) expect(parseEvent(e.name, e.payload)).not.toBeNull();
  });

  it('an export pushes queued, running, each rendition and done', async () => {
    const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#58a' } })
      .jpeg()
      .toBuffer();
    const asset = await engineInternals(ws).assets.importBytes(photo, 'a.jpg');
    const release = engineInternals(ws).releases.create({
      headline: 'Mit Bild',
      topic: 'Test',
      leadImage: { assetId: asset.id, caption: 'c', credit: 'Foto: © x', creditRaw: '', alt: 'a', decorative: false },
    });
    const job = await ws.handlers['export.start']({ id: release.id, target: 'download' });
    const seen = await ended('export.onDidChangeExportJob', job.jobId);
    const states = seen.map((e) => e.payload.state);
    expect(states[0]).toBe('queued');
    expect(states).toContain('running');
    expect(states.at(-1)).toBe('done');
    expect(seen.at(-1)?.payload).toMatchObject({ done: 1, total: 1 });
    for (const e of seen) expect(parseEvent(e.name, e.payload)).not.toBeNull();
  });

  it('a listener that throws does not stop the job or the other listeners', async () => {
    ws.onEvent(() => {
      throw new Error('a broken window');
    });
    const release = engineInternals(ws).releases.create({ headline: 'Ohne Bild', topic: 'Test' });
    const job = await ws.handlers['export.start']({ id: release.id, target: 'download' });
    expect((await ended('export.onDidChangeExportJob', job.jobId)).at(-1)?.payload.state).toBe('done');
  });
});

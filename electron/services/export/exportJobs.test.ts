import { publishForTest } from '../testing/approve';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportJob } from '../../../shared/contract/export';
import { dispatch } from '../../../shared/contract/dispatch';
import type { BlockNode, DocumentNode, FigureAttrs } from '../../../shared/document';
import { PressdeskError } from '../../../shared/errors';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { exportRelease, nodeExportFs, type ExportFs, type ExportOptions } from './bundle';
import { ExportJobs, type ExportHostHooks } from './exportJobs';
import { engineInternals } from '../testing/internals';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
let outDir: string;
beforeEach(async () => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli' });
  outDir = join(tmp.dir, 'out');
  await fsp.mkdir(outDir);
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

const settings: ExportOptions['settings'] = {
  office: { name: 'Pressestelle Stadt', url: 'https://stadt.example.de/' },
};

/** A noisy photo: sharp cannot shortcut its encoding, so each rendition takes measurable time. */
async function photo(width: number, height: number, seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    raw[i] = x >>> 24;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

async function figure(seed: number, width = 1600, height = 1000): Promise<FigureAttrs> {
  const asset = await engineInternals(ws).assets.importBytes(await photo(width, height, seed), `foto-${seed}.jpg`);
  return {
    assetId: asset.id,
    caption: `Bild ${seed}: Übergabe im Rathaus`,
    credit: 'Foto: © Stadt Köln/Jürgen Weiß',
    creditRaw: '',
    alt: `Menschen im Rathaus, Bild ${seed}`,
    decorative: false,
  };
}

/** A release with a lead image and `figures` more images in its body. */
async function seed(figures: number, headline = 'Neue Radwege für die Südstadt', leadSeed = 1) {
  const lead = await figure(leadSeed);
  const content: BlockNode[] = [
    { type: 'paragraph', content: [{ type: 'text', text: 'Die Stadt baut drei neue Radwege.' }] },
  ];
  for (let i = 0; i < figures; i++) content.push({ type: 'figure', attrs: await figure(i + 2, 1200, 800) });
  const body: DocumentNode = { type: 'doc', content };
  return engineInternals(ws).releases.create({
    topic: 'Verkehr',
    headline,
    teaser: 'Drei neue Radwege verbinden die Südstadt mit dem Zentrum.',
    status: 'approved',
    body,
    leadImage: lead,
  });
}

function jobsWith(extra: { hooks?: ExportHostHooks; fs?: ExportFs } = {}): ExportJobs {
  return new ExportJobs({
    releases: engineInternals(ws).releases,
    assets: engineInternals(ws).assets,
    settings: engineInternals(ws).settings,
    ...extra,
  });
}

/** Fake host hooks: the "dialog" answers a path inside the test's folder. */
function fakeHooks(answer: string | undefined) {
  const asked: { kind: string; name: string }[] = [];
  const revealed: string[] = [];
  const hooks: ExportHostHooks = {
    chooseExportTarget: (kind, suggestedName) => {
      asked.push({ kind, name: suggestedName });
      return Promise.resolve(answer);
    },
    revealPath: (path) => {
      revealed.push(path);
    },
  };
  return { hooks, asked, revealed };
}

/** Polls a job until it ends and returns every distinct state seen on the way. */
async function watch(jobs: ExportJobs, jobId: string, onPoll?: (job: ExportJob) => void): Promise<ExportJob[]> {
  const seen: ExportJob[] = [];
  for (;;) {
    const job = jobs.progress(jobId);
    const last = seen.at(-1);
    if (!last || last.state !== job.state || last.done !== job.done || last.total !== job.total) seen.push(job);
    onPoll?.(job);
    if (job.state !== 'queued' && job.state !== 'running') return seen;
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof PressdeskError ? error.code : `raw: ${String(error)}`;
  }
  return 'no error';
}

describe('export jobs', () => {
  it('reports the renditions as they finish and hands the zip over for download', async () => {
    const release = await seed(3);
    const jobs = jobsWith();
    const started = await jobs.start({ id: release.id, target: 'download' });
    expect(started).toMatchObject({ state: 'queued', target: 'download', done: 0, result: null, error: null });
    const seen = await watch(jobs, started.jobId);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ state: 'done', done: 4, total: 4, error: null });
    expect(last.result?.fileName).toMatch(/^neue-radwege-fuer-die-suedstadt-.*\.zip$/);
    // Progress moved one image at a time, and was seen between start and end.
    const running = seen.filter((j) => j.state === 'running' && j.total === 4).map((j) => j.done);
    expect(running).toEqual([...running].sort((a, b) => a - b));
    expect(running.some((d) => d > 0 && d < 4)).toBe(true);
    const { fileName, bytes } = jobs.download(started.jobId);
    expect(fileName).toBe(last.result!.fileName);
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toContain('index.html');
    expect(Object.keys(files).filter((f) => f.startsWith('images/image-4'))).not.toHaveLength(0);
    expect(Object.keys(files)).toHaveLength(last.result!.files);
    // Nothing was written to disk by a download job.
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('cancels midway: no bundle, no temporary folder, a clear state; the next export succeeds', async () => {
    const release = await seed(3);
    const { hooks } = fakeHooks(join(outDir, 'bundle'));
    const jobs = jobsWith({ hooks });
    const { jobId } = await jobs.start({ id: release.id, target: 'folder' });
    let asked = false;
    const seen = await watch(jobs, jobId, (job) => {
      if (!asked && job.done >= 1) {
        asked = true;
        expect(jobs.cancel(jobId).state).toBe('running');
      }
    });
    const last = seen.at(-1)!;
    expect(last.state).toBe('cancelled');
    expect(last.error?.code).toBe('CANCELLED');
    expect(last.done).toBeLessThan(last.total);
    expect(last.result).toBeNull();
    expect(readdirSync(outDir)).toEqual([]);
    expect(await codeOf(jobs.reveal(jobId))).toBe('EXPORT_JOB_UNKNOWN');

    const again = await jobs.start({ id: release.id, target: 'folder' });
    expect((await jobs.settled(again.jobId)).state).toBe('done');
    expect(readdirSync(outDir)).toEqual(['bundle']);
    expect(existsSync(join(outDir, 'bundle', 'manifest.json'))).toBe(true);
  });

  it('cancels a queued job before it starts and runs jobs one after another', async () => {
    const release = await seed(1);
    const jobs = jobsWith();
    const first = await jobs.start({ id: release.id, target: 'download' });
    const second = await jobs.start({ id: release.id, target: 'download' });
    expect(jobs.progress(second.jobId).state).toBe('queued');
    expect(jobs.cancel(second.jobId).state).toBe('queued');
    expect((await jobs.settled(first.jobId)).state).toBe('done');
    const cancelled = await jobs.settled(second.jobId);
    expect(cancelled).toMatchObject({ state: 'cancelled', done: 0, error: { code: 'CANCELLED' } });
    expect(await codeOf(Promise.resolve().then(() => jobs.download(second.jobId)))).toBe('EXPORT_JOB_UNKNOWN');
  });

  it('writes where the host dialog says, as zip or folder, and reveals it through the host', async () => {
    const release = await seed(0);
    const target = join(outDir, 'gewählt.zip');
    const { hooks, asked, revealed } = fakeHooks(target);
    const jobs = jobsWith({ hooks });
    expect(jobs.targets()).toEqual(['download', 'folder', 'zip']);
    const job = await jobs.settled((await jobs.start({ id: release.id, target: 'zip' })).jobId);
    expect(job).toMatchObject({ state: 'done', total: 1, done: 1, result: { fileName: 'gewählt.zip' } });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.kind).toBe('zip');
    expect(asked[0]!.name).toMatch(/^neue-radwege-fuer-die-suedstadt-\w+\.zip$/);
    expect(Object.keys(unzipSync(readFileSync(target)))).toContain('manifest.json');
    await jobs.reveal(job.jobId);
    expect(revealed).toEqual([target]);

    // The dialog confirmed replacing a zip file: the new one takes its place.
    writeFileSync(target, 'alte Datei');
    const replaced = await jobs.settled((await jobs.start({ id: release.id, target: 'zip' })).jobId);
    expect(replaced.state).toBe('done');
    expect(Object.keys(unzipSync(readFileSync(target)))).toContain('manifest.json');
    expect(readdirSync(outDir)).toEqual(['gewählt.zip']);

    // A folder is suggested without extension; an existing target is refused, never overwritten.
    const folder = fakeHooks(target);
    const other = jobsWith({ hooks: folder.hooks });
    const failed = await other.settled((await other.start({ id: release.id, target: 'folder' })).jobId);
    expect(folder.asked[0]!.name).not.toMatch(/\.zip$/);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'EXPORT_TARGET_EXISTS' } });
    // Nor is a folder replaced by a zip of the same name.
    const folderPath = join(outDir, 'ordner.zip');
    mkdirSync(folderPath);
    writeFileSync(join(folderPath, 'wichtig.txt'), 'bleibt');
    const intoFolder = jobsWith({ hooks: fakeHooks(folderPath).hooks });
    const refusedZip = await intoFolder.settled((await intoFolder.start({ id: release.id, target: 'zip' })).jobId);
    expect(refusedZip).toMatchObject({ state: 'failed', error: { code: 'EXPORT_TARGET_EXISTS' } });
    expect(readFileSync(join(folderPath, 'wichtig.txt'), 'utf8')).toBe('bleibt');
    rmSync(folderPath, { recursive: true });
    expect(readdirSync(outDir)).toEqual(['gewählt.zip']);
  });

  it('treats a closed dialog as a cancel and refuses disk targets on hosts without a dialog', async () => {
    const release = await seed(0);
    const closed = fakeHooks(undefined);
    const job = await jobsWith({ hooks: closed.hooks }).start({ id: release.id, target: 'folder' });
    expect(job).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
    expect(readdirSync(outDir)).toEqual([]);

    const plain = jobsWith();
    expect(plain.targets()).toEqual(['download']);
    expect(await codeOf(plain.start({ id: release.id, target: 'zip' }))).toBe('EXPORT_TARGET_UNSUPPORTED');
    expect(await codeOf(plain.start({ id: 'does-not-exist', target: 'download' }))).toBe('NOT_FOUND');
  });

  it('runs through the validated contract of a host without export hooks', async () => {
    const release = await seed(0);
    const info = await dispatch(ws.handlers, 'app.info', {});
    expect(info).toMatchObject({ ok: true, value: { host: 'cli', exportTargets: ['download'] } });
    expect(await dispatch(ws.handlers, 'export.start', { id: release.id, target: 'folder' })).toMatchObject({
      ok: false,
      error: { code: 'EXPORT_TARGET_UNSUPPORTED' },
    });
    for (const bad of [
      { id: release.id, target: '/etc/passwd' },
      { id: release.id, target: 'zip', out: '/tmp/x' },
    ]) {
      expect(await dispatch(ws.handlers, 'export.start', bad)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
    const started = await dispatch(ws.handlers, 'export.start', { id: release.id, target: 'download' });
    if (!started.ok) throw new Error(started.error.code);
    const { jobId } = started.value as ExportJob;
    let job: ExportJob;
    do {
      const answer = await dispatch(ws.handlers, 'export.progress', { jobId });
      if (!answer.ok) throw new Error(answer.error.code);
      job = answer.value as ExportJob;
      // A real poll waits; without it only microtasks would run and sharp's callbacks never could.
      await new Promise((r) => setTimeout(r, 5));
    } while (job.state === 'queued' || job.state === 'running');
    expect(job.state).toBe('done');
    expect(await dispatch(ws.handlers, 'export.download', { jobId })).toMatchObject({ ok: true });
    expect(await dispatch(ws.handlers, 'export.reveal', { jobId })).toMatchObject({
      ok: false,
      error: { code: 'EXPORT_TARGET_UNSUPPORTED' },
    });
    expect(await dispatch(ws.handlers, 'export.progress', { jobId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'EXPORT_JOB_UNKNOWN' },
    });
  });
});

describe('related releases (Weitere Meldungen)', () => {
  it('are stored with the release and shown as cards in the bundle and the preview; deleted ones are left out', async () => {
    const approved = await seed(0, 'Sommerfest im Stadtpark', 99);
    // Only published releases appear as cards (gate.test.ts covers the others).
    const other = publishForTest(ws, approved.id);
    const gone = engineInternals(ws).releases.create({ headline: 'Zurückgezogene Meldung', topic: 'Kultur' });
    const release = await seed(0);
    const saved = engineInternals(ws).releases.save(release.id, release.version, {
      relatedReleaseIds: [other.id, gone.id, other.id],
    });
    expect(saved.relatedReleaseIds).toEqual([other.id, gone.id]);
    engineInternals(ws).releases.trash(gone.id);

    const preview = await dispatch(ws.handlers, 'export.preview', { id: release.id });
    if (!preview.ok) throw new Error(preview.error.code);
    const html = (preview.value as { html: string }).html;
    expect(html).toContain('Sommerfest im Stadtpark');
    expect(html).not.toContain('Zurückgezogene Meldung');
    expect(html).toContain(`/asset/original/${other.leadImage!.assetId}`);

    const jobs = jobsWith();
    const job = await jobs.settled((await jobs.start({ id: release.id, target: 'download' })).jobId);
    // The lead image and the card's image.
    expect(job).toMatchObject({ state: 'done', total: 2 });
    const files = unzipSync(jobs.download(job.jobId).bytes);
    const index = new TextDecoder().decode(files['index.html']);
    expect(index).toContain('Sommerfest im Stadtpark');
    expect(index).not.toContain('Zurückgezogene Meldung');
    const sidecar = JSON.parse(new TextDecoder().decode(files['release.json'])) as { relatedReleaseIds: string[] };
    expect(sidecar.relatedReleaseIds).toEqual([other.id, gone.id]);

    // More than twelve, or an id that is no id, are refused and change nothing.
    const many = Array.from({ length: 13 }, (_, i) => `r-${i}`);
    for (const relatedReleaseIds of [many, ['a b']]) {
      expect(
        await dispatch(ws.handlers, 'releases.save', {
          id: release.id,
          baseVersion: saved.version,
          fields: { relatedReleaseIds },
        }),
      ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(engineInternals(ws).releases.get(release.id).relatedReleaseIds).toEqual([other.id, gone.id]);
  });
});

/**
 * A file system that fails like a real one: the `failAt`-th file is written
 * half (really, to disk) and then the write fails with `code`.
 */
function faultyFs(code: string, failAt: number): ExportFs & { writes: number } {
  const fs = {
    writes: 0,
    mkdir: nodeExportFs.mkdir,
    rename: nodeExportFs.rename,
    async writeFile(path: string, data: string | Uint8Array) {
      fs.writes++;
      if (fs.writes === failAt) {
        const bytes = typeof data === 'string' ? Buffer.from(data) : data;
        await fsp.writeFile(path, bytes.subarray(0, Math.floor(bytes.byteLength / 2)));
        throw Object.assign(new Error(`${code}: simulated`), { code, path });
      }
      await nodeExportFs.writeFile(path, data);
    },
  };
  return fs;
}

describe('export under file-system faults', () => {
  const cases = [
    ['ENOSPC', 'DISK_FULL'],
    ['EACCES', 'EXPORT_TARGET_NOT_WRITABLE'],
    ['EROFS', 'EXPORT_TARGET_NOT_WRITABLE'],
  ] as const;

  for (const zip of [false, true]) {
    it.each(cases)(
      `${zip ? 'zip' : 'folder'}: %s midway gives %s, leaves nothing, and the next export works`,
      async (errno, code) => {
        const release = await seed(1);
        const out = join(outDir, zip ? 'bundle.zip' : 'bundle');
        // A folder fails at its fifth file (images written before it); a zip is one file, half written.
        const fs = faultyFs(errno, zip ? 1 : 5);
        const error = await exportRelease(engineInternals(ws), release.id, { out, zip, settings, fs }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(PressdeskError);
        expect((error as PressdeskError).code).toBe(code);
        expect((error as PressdeskError).details).toMatchObject({ out });
        expect(fs.writes).toBe(zip ? 1 : 5);
        expect(readdirSync(outDir)).toEqual([]);
        // The store is untouched by a failed export.
        expect(engineInternals(ws).releases.get(release.id).version).toBe(release.version);

        const result = await exportRelease(engineInternals(ws), release.id, { out, zip, settings });
        expect(result.out).toBe(out);
        expect(readdirSync(outDir)).toEqual([zip ? 'bundle.zip' : 'bundle']);
      },
    );
  }

  it('a job that hits a full disk fails with DISK_FULL and leaves nothing behind', async () => {
    const release = await seed(1);
    const { hooks } = fakeHooks(join(outDir, 'voll'));
    const jobs = jobsWith({ hooks, fs: faultyFs('ENOSPC', 3) });
    const job = await jobs.settled((await jobs.start({ id: release.id, target: 'folder' })).jobId);
    expect(job).toMatchObject({ state: 'failed', result: null, error: { code: 'DISK_FULL' } });
    expect(readdirSync(outDir)).toEqual([]);
  });
});

// Suite "distribution": a release going out the door. Each part below is one
// independent measurement printing its own figures.
//
// - mailing: a press mail with a lead image to 2,000 recipients through a
//   real SMTP server on 127.0.0.1 (smtp-server, in this process), one message
//   per recipient from the durable queue: messages per second, and the
//   process's peak resident memory (sender and server together).
// - pdf: a 10,000-word release with 8 photos of 2400 px as a PDF on the
//   letterhead (bench/distributionPdf.ts): time, again, size, pages.
// - docx: the same release as a Word file (bench/distributionDocx.ts): build
//   time, size, and the time to read it back through the Word import.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import sharp from 'sharp';
import { startTestSmtp } from '../electron/services/testing/smtp';
import { makeTempDir } from '../electron/services/testing/tempDir';
import { engineInternals } from '../electron/services/testing/internals';
import { openWorkstation } from '../electron/services/workstation';
import { createBigRelease } from './bigRelease';
import { benchDocx } from './distributionDocx';
import { benchPdf } from './distributionPdf';
import { machine, report, timeMsAsync } from './lib';

const suite = 'distribution';
const RECIPIENTS = 2000;

interface Part {
  readonly name: string;
  run(dir: string): Promise<void>;
}

/** The highest resident set size seen while `work` runs (sampled), in MB. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMb: peak / (1024 * 1024) };
  } finally {
    clearInterval(timer);
  }
}

const mailing: Part = {
  name: 'mailing',
  async run(dir) {
    const smtp = await startTestSmtp();
    const ws = openWorkstation({ dataDir: join(dir, 'mail'), host: 'cli' });
    try {
      const { db, settings, assets, releases } = engineInternals(ws);
      settings.setMail('mail.host', '127.0.0.1');
      settings.setMail('mail.port', String(smtp.port));
      settings.setMail('mail.security', 'none');
      settings.setMail('mail.from', 'Pressestelle <presse@musterstadt.example>');
      const at = new Date().toISOString();
      const list = randomUUID();
      db.prepare('INSERT INTO contact_lists (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(
        list,
        'Presse',
        at,
        at,
      );
      const contact = db.prepare(
        'INSERT INTO contacts (id, name, email, email_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const member = db.prepare('INSERT INTO contact_list_members (list_id, contact_id, added_at) VALUES (?, ?, ?)');
      db.transaction(() => {
        for (let i = 0; i < RECIPIENTS; i++) {
          const id = randomUUID();
          const email = `redaktion${i}@zeitung${i % 97}.example`;
          contact.run(id, `Redakteurin ${i} Müller`, email, email, at, at);
          member.run(list, id, at);
        }
      })();
      const photo = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#3a7' } })
        .jpeg({ quality: 85 })
        .toBuffer();
      const asset = await assets.importBytes(photo, 'aufmacher.jpg');
      const release = releases.create({
        // The press list gets approved releases only.
        status: 'approved',
        headline: 'Land fördert 120 Schulsanierungen mit 80 Millionen Euro',
        teaser: 'Die Förderung geht an Kommunen in allen Landkreisen.',
        topic: 'Bildung',
        releaseNumber: 'PM 12/2026',
        leadImage: {
          assetId: asset.id,
          caption: 'Eine sanierte Grundschule',
          credit: 'Foto: © Land',
          creditRaw: 'Land',
          alt: 'Schulgebäude',
          decorative: false,
        },
        body: {
          type: 'doc',
          content: Array.from({ length: 12 }, (_, i) => ({
            type: 'paragraph' as const,
            content: [
              {
                type: 'text' as const,
                text: `Absatz ${i}: Die Kommunen erhalten Fördermittel für Dächer, Fenster und Heizungen der Schulen.`,
              },
            ],
          })),
        },
        pressContact: 'Pressestelle\npresse@musterstadt.example',
      });
      let summary: Awaited<ReturnType<typeof ws.sendMail>> | undefined;
      const { peakMb } = await peakRss(async () => {
        const ms = await timeMsAsync(async () => {
          summary = await ws.sendMail({ releaseId: release.id, lists: ['Presse'] });
        });
        if (summary?.accepted !== RECIPIENTS || smtp.messages.length !== RECIPIENTS)
          throw new Error(`only ${summary?.accepted} of ${RECIPIENTS} accepted`);
        const size = smtp.messages[0]!.raw.length;
        report({
          suite,
          metric: 'mailing.messagesPerSecond',
          value: RECIPIENTS / (ms / 1000),
          unit: 'messages/s',
          detail: `${RECIPIENTS} recipients, one message each (${Math.round(size / 1024)} KB with the lead image), queue in SQLite, local SMTP server; ${Math.round(ms)} ms in all; ${machine()}`,
        });
      });
      report({
        suite,
        metric: 'mailing.peakRss',
        value: peakMb,
        unit: 'MB',
        detail: `peak resident memory of the process while mailing ${RECIPIENTS} recipients (the SMTP server keeps every message in this process too)`,
      });
    } finally {
      ws.close();
      await smtp.close();
    }
  },
};

const pdf: Part = {
  name: 'pdf',
  async run() {
    await benchPdf();
  },
};

const docx: Part = {
  name: 'docx',
  async run(dir) {
    const ws = openWorkstation({ dataDir: join(dir, 'docx'), host: 'cli' });
    try {
      const big = await createBigRelease(ws);
      await benchDocx(ws, big.releaseId);
    } finally {
      ws.close();
    }
  },
};

/** The parts of the suite, in order. */
const PARTS: readonly Part[] = [mailing, pdf, docx];

const tmp = makeTempDir('pressdesk-bench-distribution-');
try {
  for (const part of PARTS) await part.run(join(tmp.dir, part.name));
} finally {
  tmp.cleanup();
}

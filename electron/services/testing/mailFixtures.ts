import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { Workstation } from '../workstation';
import { engineInternals } from './internals';

/** Contacts and a list, straight into the press list's tables (migration 0011). */
export function addList(
  ws: Workstation,
  name: string,
  contacts: readonly { email: string; name?: string; optOut?: boolean }[],
): void {
  const { db } = engineInternals(ws);
  const at = new Date().toISOString();
  const listId = randomUUID();
  db.prepare('INSERT INTO contact_lists (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(
    listId,
    name,
    at,
    at,
  );
  for (const c of contacts) {
    const key = c.email.trim().toLowerCase();
    let id = db.prepare<[string], { id: string }>('SELECT id FROM contacts WHERE email_key = ?').get(key)?.id;
    if (!id) {
      id = randomUUID();
      db.prepare(
        `INSERT INTO contacts (id, name, email, email_key, opt_out, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, c.name ?? '', c.email, key, c.optOut ? 1 : 0, at, at);
    }
    db.prepare('INSERT INTO contact_list_members (list_id, contact_id, added_at) VALUES (?, ?, ?)').run(listId, id, at);
  }
}

/** A suppression entry (an opt-out that outlived its contact). */
export function suppress(ws: Workstation, email: string): void {
  engineInternals(ws)
    .db.prepare('INSERT INTO suppressions (email_key, reason, created_at) VALUES (?, ?, ?)')
    .run(email.trim().toLowerCase(), 'opt-out', new Date().toISOString());
}

/** The mail settings of a local test server. */
export function useServer(ws: Workstation, port: number, extra: Record<string, string> = {}): void {
  const { settings } = engineInternals(ws);
  settings.setMail('mail.host', '127.0.0.1');
  settings.setMail('mail.port', String(port));
  settings.setMail('mail.security', 'none');
  settings.setMail('mail.from', 'Pressestelle Musterstadt <presse@musterstadt.example>');
  settings.setMail('mail.replyTo', 'presse-antwort@musterstadt.example');
  for (const [key, value] of Object.entries(extra)) settings.setMail(key as 'mail.user', value);
}

/** A release worth mailing: umlauts, a number, an embargo that runs, a lead image, contact and boilerplate. */
export async function pressRelease(
  ws: Workstation,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; assetId: string }> {
  const internals = engineInternals(ws);
  const bytes = await sharp({ create: { width: 1800, height: 1200, channels: 3, background: '#2a6' } })
    .jpeg()
    .toBuffer();
  const asset = await internals.assets.importBytes(bytes, 'park.jpg');
  const release = internals.releases.create({
    // The press list gets approved releases only.
    status: 'approved',
    headline: 'Grünflächen für Übermorgen: Stadt pflanzt 500 Bäume',
    teaser: 'Die Stadt Musterstadt pflanzt im Frühjahr 500 Straßenbäume.',
    topic: 'Umwelt',
    language: 'de',
    dateline: 'Musterstadt',
    releaseNumber: 'PM 7/2026',
    embargoUntil: '2099-05-04T08:00:00.000Z',
    leadImage: {
      assetId: asset.id,
      caption: 'Junge Linden im Stadtpark',
      credit: 'Foto: © Stadt Musterstadt',
      creditRaw: 'Stadt Musterstadt',
      alt: 'Junge Linden',
      decorative: false,
    },
    body: {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Die Bäume kommen in die Südstadt <script>alert(1)</script> und ' },
            { type: 'text', text: 'an den Ring', marks: [{ type: 'bold' }] },
            { type: 'text', text: '.' },
          ],
        },
      ],
    },
    pressContact: 'Erika Mustermann\nTelefon 01234 5678\npresse@musterstadt.example',
    boilerplate: 'Musterstadt ist eine Stadt mit 80.000 Einwohnerinnen und Einwohnern.',
    ...extra,
  });
  return { id: release.id, assetId: asset.id };
}

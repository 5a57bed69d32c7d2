import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/webHost';
import { ArchiveScreen } from '../models/ArchiveScreen';

const quote = (speaker: string, role: string, text: string) => ({
  type: 'quote',
  attrs: { speaker, role },
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});
const release = (id: string, headline: string, status: string, ...content: unknown[]) =>
  JSON.stringify({
    format: 'pressdesk.release/1',
    id,
    headline,
    status,
    publishedAt: '2024-05-02T08:00:00Z',
    body: {
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Einleitung.' }] }, ...content],
    },
  });

test('sprecher: finds what a person said; the archive list shows the quote under the hit', async ({
  page,
  host,
  dataDir,
}) => {
  const file = join(dataDir, 'zitate.ndjson');
  writeFileSync(
    file,
    [
      release(
        'z-1',
        'Mehr Geld für die Pflege',
        'published',
        quote('Manne Lucha', 'Minister für Soziales', '„Die Pflege braucht verlässliche Mittel.“'),
      ),
      release('z-2', 'Pflege im Entwurf', 'draft', quote('Manne Lucha', 'Minister', '„Noch nicht freigegeben.“')),
      release('z-3', 'Hofbesuch', 'published', quote('Cem Özdemir', 'Bundesminister', '„Ein schöner Hof.“')),
    ].join('\n'),
  );
  const running = await host();
  const archive = new ArchiveScreen(page);
  await archive.open(running.url);
  await page.locator('input[type="file"]:not([webkitdirectory])').setInputFiles(file);
  await expect(archive.importStatus).toContainText('3 neu');

  await archive.search.fill('sprecher:ozdemir');
  await expect(page.getByRole('heading', { name: /Treffer/ })).toHaveText('1 Treffer');
  await expect(archive.release('Hofbesuch')).toContainText('Cem Özdemir, Bundesminister: „Ein schöner Hof.“');

  await archive.search.fill('sprecher:Lucha Pflege status:veröffentlicht');
  await expect(page.getByRole('heading', { name: /Treffer/ })).toHaveText('1 Treffer');
  const hit = archive.release('Mehr Geld für die Pflege');
  await expect(hit).toHaveAccessibleName(
    /Zitat von Manne Lucha, Minister für Soziales: „Die Pflege braucht verlässliche Mittel\.“/,
  );
  // The search word is marked in the quote as in the excerpt.
  await expect(hit.locator('.row-quote mark')).toHaveText('Pflege');
  await expect(archive.release('Pflege im Entwurf')).toHaveCount(0);
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentToPlainText } from '../../../shared/document';
import { renderReleaseHtml, renderReleaseText } from '../../../shared/render';
import { makeTempDir } from '../testing/tempDir';
import { parsePage } from '../testing/dom';
import { validateHtml } from '../testing/vnu';
import { openWorkstation, type Workstation } from '../workstation';
import { renderInputFor, type ExportOptions } from './bundle';
import { engineInternals } from '../testing/internals';

const settings: ExportOptions['settings'] = { office: { name: 'Stadt Musterstadt' } };

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli' });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

const text = (t: string) => [{ type: 'text' as const, text: t }];

describe('tables in exported releases', () => {
  it('render as an accessible table in HTML (column headers with scope) and as aligned text', async () => {
    const release = engineInternals(ws).releases.create({
      headline: 'Sprechstunden',
      body: {
        type: 'doc',
        content: [
          {
            type: 'table',
            content: [
              {
                type: 'tableRow',
                content: [
                  { type: 'tableHeader', content: text('Ort') },
                  { type: 'tableHeader', content: text('Zeit') },
                ],
              },
              {
                type: 'tableRow',
                content: [
                  { type: 'tableCell', content: text('Rathaus <script>alert(1)</script>') },
                  { type: 'tableCell', content: [{ type: 'text', text: '10 Uhr', marks: [{ type: 'bold' }] }] },
                ],
              },
              {
                type: 'tableRow',
                content: [{ type: 'tableCell', content: text('Bürgeramt Nord') }, { type: 'tableCell' }],
              },
            ],
          },
        ],
      },
    });
    const stored = engineInternals(ws).releases.get(release.id);
    const input = renderInputFor(engineInternals(ws), stored, { settings, embargoed: false, stylesheet: 'theme.css' });
    const html = renderReleaseHtml(input);
    expect(html).toContain(
      '<table><thead><tr><th scope="col">Ort</th><th scope="col">Zeit</th></tr></thead><tbody><tr><td>Rathaus &lt;script&gt;alert(1)&lt;/script&gt;</td><td><strong>10 Uhr</strong></td></tr><tr><td>Bürgeramt Nord</td><td></td></tr></tbody></table>',
    );
    const page = parsePage(html);
    expect(page.querySelectorAll('script:not([type="application/ld+json"])')).toHaveLength(0);
    const file = join(tmp.dir, 'table.html');
    writeFileSync(file, html);
    expect(await validateHtml([file])).toEqual([]);

    // Cells padded to their column's width, a rule under the header row; no spaces at line ends.
    const cell = 'Rathaus <script>alert(1)</script>';
    expect(renderReleaseText(input)).toContain(
      [
        `${'Ort'.padEnd(cell.length)} | Zeit`,
        `${'-'.repeat(cell.length)}-|-${'-'.repeat(6)}`,
        `${cell} | 10 Uhr`,
        `${'Bürgeramt Nord'.padEnd(cell.length)} |`,
      ].join('\n'),
    );
    expect(documentToPlainText(stored.body)).toBe(
      'Ort | Zeit\nRathaus <script>alert(1)</script> | 10 Uhr\nBürgeramt Nord |',
    );
  });
});

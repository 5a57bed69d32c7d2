import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FONT_FILES, installedFontsPath, pdfFonts } from './fonts';

const ROOT = resolve(__dirname, '..', '..', '..');

describe('PDF fonts', () => {
  it('are found in the installation: built bundles, packaged app, source tree; never elsewhere', () => {
    const install = join('/opt', 'Pressdesk', 'resources', 'app.asar');
    expect(installedFontsPath(join(install, 'out', 'cli'))).toBe(join(install, 'resources', 'fonts'));
    expect(installedFontsPath(join(install, 'out', 'main'))).toBe(join(install, 'resources', 'fonts'));
    expect(installedFontsPath(join(install, 'out', 'web'))).toBe(join(install, 'resources', 'fonts'));
    expect(installedFontsPath(__dirname)).toBe(join(ROOT, 'resources', 'fonts'));
    expect(installedFontsPath(join('/tmp', 'somewhere', 'else'))).toBeNull();
  });

  it('ship with the repository with their licence, and are packaged', () => {
    const fonts = pdfFonts();
    for (const [face, file] of Object.entries(FONT_FILES)) {
      const bytes = fonts[face as keyof typeof FONT_FILES];
      // TrueType files begin with version 1.0.
      expect([...bytes.subarray(0, 4)], file).toEqual([0, 1, 0, 0]);
    }
    expect(readFileSync(join(ROOT, 'resources', 'fonts', 'LICENSE.txt'), 'utf8')).toContain('Bitstream');
    expect(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')).toContain('resources/fonts/**');
  });
});

import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PressdeskError } from '../../../shared/errors';

/** The four faces every PDF is set in (DejaVu Sans: Latin, Greek, Cyrillic, Arabic, Hebrew). */
export const FONT_FILES = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
} as const;

export type FontFace = keyof typeof FONT_FILES;

const FONTS = join('resources', 'fonts');
const SOURCE_DIR = join('electron', 'services', 'pdf');

/**
 * Where the installation keeps its fonts, from the folder of the code that
 * asks: `resources/fonts/` at the installation's root, two levels above the
 * built bundles (`out/main`, `out/cli`, `out/web`, also inside the packaged
 * app's archive) and three above this file in the source tree. Never the
 * working directory: fonts found there would be whatever lies in the folder
 * the command was started from.
 */
export function installedFontsPath(moduleDir: string): string | null {
  const dir = resolve(moduleDir);
  if (basename(dirname(dir)) === 'out') return join(dirname(dirname(dir)), FONTS);
  if (dir.endsWith(`${sep}${SOURCE_DIR}`)) return join(dir, '..', '..', '..', FONTS);
  return null;
}

function moduleDir(): string {
  return typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
}

let cache: Record<FontFace, Uint8Array> | undefined;

/**
 * The font files of this installation, read once. Plain byte arrays of this
 * realm: pdfkit recognises a font by `instanceof Uint8Array`, which a Node
 * Buffer fails where the global differs (the renderer's test environment).
 */
export function pdfFonts(): Record<FontFace, Uint8Array> {
  if (cache) return cache;
  const dir = installedFontsPath(moduleDir());
  const read = (file: string): Uint8Array => {
    try {
      if (dir === null) throw new Error('no installation folder');
      return new Uint8Array(readFileSync(join(dir, file)));
    } catch {
      throw new PressdeskError('INTERNAL', `The PDF font ${file} is missing from this installation.`);
    }
  };
  cache = {
    regular: read(FONT_FILES.regular),
    bold: read(FONT_FILES.bold),
    italic: read(FONT_FILES.italic),
    boldItalic: read(FONT_FILES.boldItalic),
  };
  return cache;
}

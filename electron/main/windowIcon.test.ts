import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../services/testing/tempDir';
import { CHECKOUT_WINDOW_ICON, PACKAGED_WINDOW_ICON, resolveWindowIcon } from './windowIcon';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

function place(file: string): string {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, 'png');
  return file;
}

describe('resolveWindowIcon', () => {
  it('finds the icon in the packaged app’s resources folder, not in the checkout', () => {
    const resources = join(tmp.dir, 'resources');
    const checkout = join(tmp.dir, 'checkout');
    const packaged = place(join(resources, PACKAGED_WINDOW_ICON));
    place(join(checkout, CHECKOUT_WINDOW_ICON));
    for (const platform of ['linux', 'win32'] as const)
      expect(resolveWindowIcon({ packaged: true, resourcesPath: resources, checkoutDir: checkout, platform })).toBe(
        packaged,
      );
  });

  it('finds the checkout’s icon in development', () => {
    const checkout = join(tmp.dir, 'checkout');
    const file = place(join(checkout, 'resources', 'icons', '512x512.png'));
    expect(
      resolveWindowIcon({
        packaged: false,
        resourcesPath: join(tmp.dir, 'nowhere'),
        checkoutDir: checkout,
        platform: 'linux',
      }),
    ).toBe(file);
  });

  it('gives no icon when the file is missing or cannot be checked, and none on macOS (the bundle has it)', () => {
    const checkout = join(tmp.dir, 'checkout');
    expect(
      resolveWindowIcon({ packaged: true, resourcesPath: tmp.dir, checkoutDir: checkout, platform: 'linux' }),
    ).toBe(undefined);
    expect(
      resolveWindowIcon({ packaged: false, resourcesPath: tmp.dir, checkoutDir: checkout, platform: 'win32' }),
    ).toBe(undefined);
    const broken = () => {
      throw new Error('EACCES');
    };
    expect(
      resolveWindowIcon({
        packaged: false,
        resourcesPath: tmp.dir,
        checkoutDir: checkout,
        platform: 'linux',
        exists: broken,
      }),
    ).toBe(undefined);
    place(join(checkout, CHECKOUT_WINDOW_ICON));
    expect(
      resolveWindowIcon({ packaged: false, resourcesPath: tmp.dir, checkoutDir: checkout, platform: 'darwin' }),
    ).toBe(undefined);
  });

  it('in this checkout, resolves to the 512 px PNG', async () => {
    const file = resolveWindowIcon({
      packaged: false,
      resourcesPath: tmp.dir,
      checkoutDir: join(__dirname, '..', '..'),
      platform: 'linux',
    });
    expect(file).toBeDefined();
    const meta = await sharp(file).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 512]);
  });
});

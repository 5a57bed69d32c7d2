import { describe, expect, it } from 'vitest';
import { loadSharp } from './sharp';

describe('loadSharp', () => {
  it('loads sharp once and hands out the working module', async () => {
    const first = loadSharp();
    expect(loadSharp()).toBe(first);
    const sharp = await first;
    const png = await sharp({ create: { width: 3, height: 2, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    expect((await sharp(png).metadata()).width).toBe(3);
  });
});

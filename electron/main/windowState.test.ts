import { writeFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../services/testing/tempDir';
import { readWindowState, restoreBounds, trackWindowState, WINDOW_STATE_FILE, type Rect } from './windowState';

const laptop = { workArea: { x: 0, y: 0, width: 1440, height: 875 } };
const monitorRight = { workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };
const monitorLeft = { workArea: { x: -1920, y: 0, width: 1920, height: 1040 } };

describe('restoreBounds', () => {
  it('restores a window that lies on a connected display', () => {
    const saved = { x: 100, y: 50, width: 1200, height: 800, maximized: false };
    expect(restoreBounds(saved, [laptop])).toEqual(saved);
    const right = { x: 2000, y: 100, width: 1600, height: 1000, maximized: true };
    expect(restoreBounds(right, [laptop, monitorRight])).toEqual(right);
    const left = { x: -1800, y: 20, width: 1000, height: 700, maximized: false };
    expect(restoreBounds(left, [monitorLeft, laptop])).toEqual(left);
  });

  it('opens at the default place when the display it was on is gone', () => {
    expect(restoreBounds({ x: 2000, y: 100, width: 1600, height: 1000 }, [laptop])).toBeNull();
    expect(restoreBounds({ x: -1800, y: 20, width: 1000, height: 700 }, [laptop, monitorRight])).toBeNull();
  });

  it('does not restore a window whose title bar is off every screen', () => {
    expect(restoreBounds({ x: 100, y: -900, width: 1000, height: 800 }, [laptop])).toBeNull();
    expect(restoreBounds({ x: 100, y: 2000, width: 1000, height: 800 }, [laptop])).toBeNull();
    // Only a sliver of the title bar on the screen is not enough to grab it.
    expect(restoreBounds({ x: 1400, y: 10, width: 1000, height: 800 }, [laptop])).toBeNull();
  });

  it('fits a window that is partly off the screen or larger than it into the work area', () => {
    expect(restoreBounds({ x: 900, y: 300, width: 1000, height: 800 }, [laptop])).toEqual({
      x: 440,
      y: 75,
      width: 1000,
      height: 800,
      maximized: false,
    });
    expect(restoreBounds({ x: 0, y: 0, width: 3000, height: 2000 }, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 875,
      maximized: false,
    });
  });

  it('refuses a window smaller than the minimum', () => {
    expect(restoreBounds({ x: 10, y: 10, width: 200, height: 100 }, [laptop])).toBeNull();
    expect(restoreBounds({ x: 10, y: 10, width: 0, height: 0 }, [laptop])).toBeNull();
    expect(restoreBounds({ x: 10, y: 10, width: -1200, height: 800 }, [laptop])).toBeNull();
  });

  it('ignores garbage', () => {
    for (const garbage of [
      null,
      undefined,
      'x',
      42,
      [],
      {},
      { x: '10', y: 10, width: 1000, height: 800 },
      { x: Number.NaN, y: 10, width: 1000, height: 800 },
      { x: 10, y: 10, width: Number.POSITIVE_INFINITY, height: 800 },
      { x: 1e308, y: 10, width: 1000, height: 800 },
    ]) {
      expect(restoreBounds(garbage, [laptop])).toBeNull();
    }
    expect(restoreBounds({ x: 10, y: 10, width: 1000, height: 800 }, [])).toBeNull();
  });
});

class FakeWindow extends EventEmitter {
  bounds: Rect = { x: 10, y: 20, width: 1000, height: 700 };
  maximized = false;
  minimized = false;
  getNormalBounds = (): Rect => this.bounds;
  isMaximized = (): boolean => this.maximized;
  isMinimized = (): boolean => this.minimized;
  isFullScreen = (): boolean => false;
}

describe('trackWindowState', () => {
  const tmp = makeTempDir();
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the bounds once after moving and resizing settles, and at once on close', () => {
    vi.useFakeTimers();
    const file = join(tmp.dir, WINDOW_STATE_FILE);
    const win = new FakeWindow();
    trackWindowState(win, file, { delayMs: 300 });
    win.bounds = { x: 50, y: 60, width: 1100, height: 750 };
    win.emit('move');
    win.emit('resize');
    expect(readWindowState(file)).toBeNull();
    vi.advanceTimersByTime(299);
    expect(readWindowState(file)).toBeNull();
    vi.advanceTimersByTime(1);
    expect(readWindowState(file)).toEqual({ x: 50, y: 60, width: 1100, height: 750, maximized: false });

    win.maximized = true;
    win.emit('maximize');
    win.emit('close');
    expect(readWindowState(file)).toEqual({ x: 50, y: 60, width: 1100, height: 750, maximized: true });
  });

  it('keeps the last normal placement while the window is minimized', () => {
    const file = join(tmp.dir, 'minimized.json');
    const win = new FakeWindow();
    trackWindowState(win, file);
    win.emit('close');
    win.minimized = true;
    win.bounds = { x: -32000, y: -32000, width: 160, height: 28 };
    win.emit('close');
    expect(readWindowState(file)).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
  });

  it('reads a damaged file as no state', () => {
    const file = join(tmp.dir, 'damaged.json');
    writeFileSync(file, '{"x": 1, "y":');
    expect(readWindowState(file)).toBeNull();
    expect(readWindowState(join(tmp.dir, 'missing.json'))).toBeNull();
  });
});

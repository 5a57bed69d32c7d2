import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What is remembered of the window: its normal (not maximized) bounds, and whether it was maximized. */
export interface WindowState extends Rect {
  readonly maximized: boolean;
}

/** The smallest window Pressdesk opens (the same as the window's minimum size). */
export const MIN_WINDOW_SIZE = { width: 800, height: 560 } as const;

/** The file in the data directory (next to the database, so that every data directory keeps its own window). */
export const WINDOW_STATE_FILE = 'window-state.json';

/** How much of the title bar must be on a display for the window to be reachable with the mouse. */
const REACHABLE = { width: 100, height: 24 } as const;

function isFiniteInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1_000_000;
}

/** Reads a saved state; anything that is not one (garbage, a half-written file, odd numbers) is null. */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (![v.x, v.y, v.width, v.height].every(isFiniteInt)) return null;
  const [x, y, width, height] = [v.x, v.y, v.width, v.height].map((n) => Math.round(n as number)) as [
    number,
    number,
    number,
    number,
  ];
  return { x, y, width, height, maximized: v.maximized === true };
}

function overlap(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return { x, y, width: Math.max(0, right - x), height: Math.max(0, bottom - y) };
}

/**
 * Where to open the window: the saved state if its title bar lies on one of
 * the displays connected now (fitted into that display's work area), else
 * null, and the window opens at its default size, centered. A saved size
 * below the minimum is not restored either.
 */
export function restoreBounds(saved: unknown, displays: readonly { readonly workArea: Rect }[]): WindowState | null {
  const state = parseWindowState(saved);
  if (!state) return null;
  if (state.width < MIN_WINDOW_SIZE.width || state.height < MIN_WINDOW_SIZE.height) return null;
  const titleBar: Rect = { x: state.x, y: state.y, width: state.width, height: REACHABLE.height };
  let best: { area: Rect; visible: number } | undefined;
  for (const { workArea } of displays) {
    const o = overlap(titleBar, workArea);
    if (o.width < REACHABLE.width || o.height < REACHABLE.height) continue;
    if (!best || o.width > best.visible) best = { area: workArea, visible: o.width };
  }
  if (!best) return null;
  const area = best.area;
  const width = Math.min(state.width, area.width);
  const height = Math.min(state.height, area.height);
  const x = Math.min(Math.max(state.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(state.y, area.y), area.y + area.height - height);
  return { x, y, width, height, maximized: state.maximized };
}

/** Reads the saved state file; a missing or unreadable file is as good as none. */
export function readWindowState(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/** Writes the state whole or not at all (a crash mid-write leaves the previous file). */
export function writeWindowState(file: string, state: WindowState): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state)}\n`, 'utf8');
  renameSync(tmp, file);
}

/** The part of a BrowserWindow that is tracked. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isMinimized(): boolean;
  isFullScreen(): boolean;
}

/**
 * Remembers the window's placement: written at most once per `delayMs` while
 * it is moved or resized, and at once when it closes. A minimized or
 * full-screen window keeps its normal bounds, which are what is saved.
 */
export function trackWindowState(
  win: TrackedWindow,
  file: string,
  options: { delayMs?: number; onError?: (error: unknown) => void } = {},
): () => void {
  let timer: NodeJS.Timeout | undefined;
  const save = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    try {
      if (win.isMinimized() || win.isFullScreen()) return;
      writeWindowState(file, { ...win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (error) {
      options.onError?.(error);
    }
  };
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, options.delayMs ?? 500);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, later);
  win.on('close', save);
  return save;
}

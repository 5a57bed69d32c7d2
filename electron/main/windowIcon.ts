import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The icon a window shows in the task bar, relative to the packaged app's resources folder (see electron-builder.yml). */
export const PACKAGED_WINDOW_ICON = join('icons', '512x512.png');
/** The same file in a source checkout. */
export const CHECKOUT_WINDOW_ICON = join('resources', 'icons', '512x512.png');

export interface WindowIconPlaces {
  /** Whether the app runs packaged (app.isPackaged). */
  readonly packaged: boolean;
  /** The packaged app's resources folder (process.resourcesPath). */
  readonly resourcesPath: string;
  /** The source checkout the development build runs from. */
  readonly checkoutDir: string;
  readonly platform: NodeJS.Platform;
  /** Whether a file is there (replaceable in tests). */
  readonly exists?: (path: string) => boolean;
}

/**
 * The PNG a window passes as its `icon`, or undefined. Linux and Windows show
 * it in the task bar and the window switcher; macOS takes the icon from the
 * app bundle and ignores it. A missing or unreadable file means no icon
 * (the system's default), never a failed start.
 */
export function resolveWindowIcon(places: WindowIconPlaces): string | undefined {
  if (places.platform === 'darwin') return undefined;
  const file = places.packaged
    ? join(places.resourcesPath, PACKAGED_WINDOW_ICON)
    : join(places.checkoutDir, CHECKOUT_WINDOW_ICON);
  try {
    return (places.exists ?? existsSync)(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

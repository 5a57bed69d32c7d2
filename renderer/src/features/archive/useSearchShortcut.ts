import { useEffect } from 'react';
import { isModKey } from '../../lib/shortcuts';
import { appStore } from '../../stores';

/** The shortcut that searches the archive from anywhere in the app. */
export const SEARCH_SHORTCUT = 'Mod-f';

/**
 * Ctrl/Cmd+F searches the archive instead of the page: from the archive it
 * focuses the search field, from another screen it goes to the archive first
 * (saving the open release as any navigation does).
 */
export function useSearchShortcut(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!isModKey(event, 'f')) return;
      event.preventDefault();
      const state = appStore.getState();
      if (state.pendingRoute) return;
      state.searchArchive();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}

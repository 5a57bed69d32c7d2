import { APP_COMMANDS, COMMAND_KEY_ALIASES, COMMAND_SHORTCUTS, type AppCommand } from '../../../shared/commands';
import { isApplePlatform, matchesShortcut } from './shortcuts';

/** The command a keydown stands for, if any (the same keys as the application menu shows). */
export function commandForKey(event: KeyboardEvent, apple = isApplePlatform()): AppCommand | null {
  for (const command of APP_COMMANDS) {
    const keys = [COMMAND_SHORTCUTS[command], ...(COMMAND_KEY_ALIASES[command] ?? [])];
    if (keys.some((shortcut) => shortcut !== undefined && matchesShortcut(event, shortcut, apple))) return command;
  }
  return null;
}

type Handler = () => void;
const handlers = new Map<AppCommand, Handler[]>();

/**
 * Lets the part of the screen that owns a command run it while it is shown
 * (the archive's search field, the export panel). The newest registration
 * wins; the returned function removes it.
 */
export function handleCommand(command: AppCommand, handler: Handler): () => void {
  const list = handlers.get(command) ?? [];
  list.push(handler);
  handlers.set(command, list);
  return () => {
    const current = handlers.get(command);
    if (!current) return;
    const index = current.lastIndexOf(handler);
    if (index >= 0) current.splice(index, 1);
  };
}

/** Runs the shown screen's handler of `command`; false when none is shown. */
export function runScreenCommand(command: AppCommand): boolean {
  const handler = handlers.get(command)?.at(-1);
  if (!handler) return false;
  handler();
  return true;
}

export { LinkShortcut, type LinkShortcutOptions } from './linkShortcut';

/** Prefix of every IPC channel of Pressdesk (kept separate so the preload bundles no schemas). */
export const IPC_PREFIX = 'pressdesk:';

/** The one IPC channel on which main pushes the engine's events (`shared/contract/engineEvents.ts`) to a window. */
export const EVENT_CHANNEL = `${IPC_PREFIX}event`;

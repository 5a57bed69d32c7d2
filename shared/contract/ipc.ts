/** Prefix of every IPC channel of Pressdesk (kept separate so the preload bundles no schemas). */
export const IPC_PREFIX = 'pressdesk:';

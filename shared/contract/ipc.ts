/** Prefix of every IPC channel of Pressdesk (kept separate so the preload bundles no schemas). */
export const IPC_PREFIX = 'pressdesk:';

/** A window asks main for its port to the engine (at every load of the page). */
export const ENGINE_CONNECT_CHANNEL = `${IPC_PREFIX}engine-connect`;

/** Main hands a window its port to the engine on this channel; calls and events then travel on the port. */
export const ENGINE_PORT_CHANNEL = `${IPC_PREFIX}engine-port`;

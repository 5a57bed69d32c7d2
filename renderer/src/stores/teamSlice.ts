import type { z } from 'zod';
import type { ChannelOutput } from '../../../shared/contract';
import type { TeamStatusView, TeamSyncResultSchema } from '../../../shared/contract/team';
import type { Release } from '../../../shared/domain/release';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

export type TeamSyncResultView = z.infer<typeof TeamSyncResultSchema>;
export type TeamConflictView = ChannelOutput<'team.conflict'>;
export type TeamEditorView = ChannelOutput<'team.editors'>['items'][number];
export type TeamColleagueView = ChannelOutput<'team.online'>['items'][number];

/** How often the compose screen asks who else has its release open. */
export const TEAM_EDITORS_POLL_MS = 15_000;

export interface TeamState {
  /** The engine's view of the team bond; null until first loaded. */
  readonly status: TeamStatusView | null;
  readonly loadState: 'idle' | 'loading' | 'ready' | 'error';
  /** Whether the server answers now (from the live events); null while nothing was heard. */
  readonly online: boolean | null;
  /** The code of the live connection's last failure while offline. */
  readonly liveError: string | null;
  readonly busy: 'connecting' | 'syncing' | 'disconnecting' | 'resolving' | null;
  /** Why the last action (connect, sync, disconnect, resolve) failed. */
  readonly error: UiErrorCode | null;
  /** What the last sync started here brought and sent. */
  readonly lastResult: TeamSyncResultView | null;
  /** Releases known to be in conflict with the server (from the last sync started here), with their headlines. */
  readonly conflictList: readonly { readonly id: string; readonly headline: string }[];
  /** Colleagues whose workstations are connected now (Settings → Team). */
  readonly colleagues: readonly TeamColleagueView[];
  /** Colleagues who have a release open (the archive's markers). */
  readonly editors: readonly TeamEditorView[];
  /** Colleagues who have the release open in compose. */
  readonly openEditors: readonly TeamEditorView[];
  /** The conflict of the release open in compose, with both sides; null when it has none. */
  readonly conflict: TeamConflictView | null;
  /** The release open in compose changed on the server while it had unsaved text here. */
  readonly serverNewer: string | null;
}

export interface TeamConnectInput {
  readonly url: string;
  readonly user?: string;
  readonly password?: string;
}

export interface TeamSlice {
  team: TeamState;
  /** Reads the team status and starts listening to the live events (once). */
  loadTeam: () => Promise<void>;
  /** Joins the team server; resolves to whether it worked. The password goes to the engine only. */
  connectTeam: (input: TeamConnectInput) => Promise<boolean>;
  disconnectTeam: () => Promise<boolean>;
  /** Pushes what waits here and pulls the colleagues' changes now. */
  syncTeam: () => Promise<boolean>;
  /** Which colleagues are connected now (Settings → Team); nothing while not joined. */
  loadTeamColleagues: () => Promise<void>;
  /** Who has which release open (one call for the whole archive list); nothing while not joined. */
  loadTeamEditors: () => Promise<void>;
  /** The release opened in compose: tells the team, reads who else has it open and whether it is in conflict. */
  teamReleaseOpened: (id: string | null) => Promise<void>;
  /** Who else has the open release open now (polled while it is open). */
  loadOpenEditors: (id: string) => Promise<void>;
  /** Reads whether the release has a conflict with the team server. */
  loadTeamConflict: (id: string) => Promise<void>;
  /** Ends the open release's team conflict: keep the text here or take the server's. */
  resolveTeamConflict: (choice: 'mine' | 'theirs') => Promise<boolean>;
  /** Takes the server's newer version into the editor (asked for when the editor had unsaved text). */
  reloadFromTeam: () => Promise<void>;
}

export const initialTeamState: TeamState = {
  status: null,
  loadState: 'idle',
  online: null,
  liveError: null,
  busy: null,
  error: null,
  lastResult: null,
  conflictList: [],
  colleagues: [],
  editors: [],
  openEditors: [],
  conflict: null,
  serverNewer: null,
};

export const createTeamSlice: SliceCreator<TeamSlice> = (deps) => (set, get) => {
  let listening = false;
  /** The release this window last told the team about. */
  let editing: string | null = null;
  const update = (patch: Partial<TeamState>): void => set((s) => ({ team: { ...s.team, ...patch } }));
  const joined = (): boolean => get().team.status?.connected === true;
  const openId = (): string | null => {
    const { route, compose } = get();
    return route.screen === 'compose' && compose.loadStatus === 'ready' ? compose.releaseId : null;
  };

  /** The open release after colleagues' changes were pulled: taken over unless text typed here waits. */
  const followPulled = async (): Promise<void> => {
    const id = openId();
    if (id === null) return;
    let stored: Release;
    try {
      stored = await deps.api.call('releases.get', { id });
    } catch {
      return;
    }
    const { compose } = get();
    if (compose.releaseId !== id || compose.baseVersion === null || stored.version <= compose.baseVersion) return;
    if (compose.dirty || compose.save.kind === 'saving' || compose.conflict) update({ serverNewer: id });
    else get().takeStoredRelease(stored);
  };

  const onLive = (payload: {
    status: TeamStatusView;
    online: boolean;
    pulled: number;
    conflicts: number;
    error: string | null;
  }): void => {
    const before = get().team.status;
    // Left elsewhere (the command line): a later join tells the team afresh.
    if (!payload.status.connected) editing = null;
    update({ status: payload.status, online: payload.online, liveError: payload.error, loadState: 'ready' });
    const screen = get().route.screen;
    if (payload.pulled > 0) {
      if (screen === 'archive') void get().loadArchive();
      void followPulled();
    }
    // A refreshed archive list asks for the editors itself (once per refresh).
    if (screen === 'archive' && payload.pulled === 0) void get().loadTeamEditors();
    if (screen === 'settings') void get().loadTeamColleagues();
    const id = openId();
    if (id !== null) {
      void get().loadOpenEditors(id);
      if (payload.pulled > 0 || before?.conflicts !== payload.status.conflicts) void get().loadTeamConflict(id);
    }
  };

  const after = async (status: TeamStatusView): Promise<void> => {
    update({ status });
    const id = openId();
    if (id !== null) await get().loadTeamConflict(id);
  };

  return {
    team: initialTeamState,

    async loadTeam() {
      if (!listening && deps.api.subscribe) {
        listening = true;
        deps.api.subscribe((event) => {
          if (event.name === 'team.onDidChange') onLive(event.payload);
        });
      }
      update({ loadState: get().team.loadState === 'ready' ? 'ready' : 'loading' });
      try {
        const status = await deps.api.call('team.status', {});
        update({ status, loadState: 'ready' });
        if (status.connected) {
          // Whether the server answers now (later changes come as live events), and who else is there.
          const { online, items } = await deps.api.call('team.online', {});
          update({ colleagues: items, ...(get().team.online === null ? { online } : {}) });
        }
      } catch (error) {
        update({ loadState: get().team.status ? 'ready' : 'error', error: errorCodeOf(error) });
      }
    },

    async loadTeamColleagues() {
      if (!joined()) {
        if (get().team.colleagues.length > 0) update({ colleagues: [] });
        return;
      }
      try {
        const { items } = await deps.api.call('team.online', {});
        update({ colleagues: items });
      } catch {
        // Who is online is a courtesy: a failed look leaves the last answer.
      }
    },

    async connectTeam({ url, user, password }) {
      update({ busy: 'connecting', error: null });
      try {
        const status = await deps.api.call('team.connect', {
          url: url.trim(),
          ...(user?.trim() ? { user: user.trim() } : {}),
          ...(password ? { password } : {}),
        });
        update({ status, busy: null, loadState: 'ready', lastResult: null, conflictList: [] });
        return true;
      } catch (error) {
        update({ busy: null, error: errorCodeOf(error) });
        return false;
      }
    },

    async disconnectTeam() {
      update({ busy: 'disconnecting', error: null });
      try {
        if (editing !== null) {
          editing = null;
          await deps.api.call('team.setEditing', { id: null }).catch(() => undefined);
        }
        const status = await deps.api.call('team.disconnect', {});
        update({
          ...initialTeamState,
          status,
          loadState: 'ready',
        });
        return true;
      } catch (error) {
        update({ busy: null, error: errorCodeOf(error) });
        return false;
      }
    },

    async syncTeam() {
      update({ busy: 'syncing', error: null });
      try {
        const result = await deps.api.call('team.sync', {});
        update({ busy: null, lastResult: result, conflictList: result.conflicts });
        const status = await deps.api.call('team.status', {});
        await after(status);
        if (result.pulled > 0) {
          if (get().route.screen === 'archive') void get().loadArchive();
          await followPulled();
        }
        return true;
      } catch (error) {
        update({ busy: null, error: errorCodeOf(error) });
        return false;
      }
    },

    async loadTeamEditors() {
      if (!joined()) {
        if (get().team.editors.length > 0) update({ editors: [] });
        return;
      }
      try {
        const { items } = await deps.api.call('team.editors', {});
        update({ editors: items });
      } catch {
        // Presence is a courtesy; the archive works without it.
      }
    },

    async teamReleaseOpened(id) {
      if (get().team.status === null) await get().loadTeam();
      update({ openEditors: [], conflict: null, serverNewer: null });
      if (!joined()) return;
      if (editing !== id) {
        editing = id;
        try {
          await deps.api.call('team.setEditing', { id });
        } catch {
          // Advisory only: colleagues just do not see it.
        }
      }
      if (id === null) return;
      await Promise.all([get().loadOpenEditors(id), get().loadTeamConflict(id)]);
    },

    async loadOpenEditors(id) {
      if (!joined()) return;
      try {
        const { items } = await deps.api.call('team.editors', { ids: [id] });
        if (openId() === id) update({ openEditors: items.filter((e) => e.releaseId === id) });
      } catch {
        // Presence is a courtesy.
      }
    },

    async loadTeamConflict(id) {
      if (!joined()) return;
      try {
        const conflict = await deps.api.call('team.conflict', { id });
        if (openId() === id) update({ conflict });
      } catch (error) {
        if (errorCodeOf(error) === 'NOT_FOUND' && get().team.conflict?.id === id) update({ conflict: null });
      }
    },

    async resolveTeamConflict(choice) {
      const conflict = get().team.conflict;
      if (!conflict) return false;
      // Text typed here is stored first: with `mine` it is what goes to the team, with `theirs` it stays a revision.
      if (openId() === conflict.id && !(await get().flushSave())) return false;
      update({ busy: 'resolving', error: null });
      try {
        const status = await deps.api.call('team.resolve', { id: conflict.id, choice });
        update({
          busy: null,
          status,
          conflict: null,
          conflictList: get().team.conflictList.filter((c) => c.id !== conflict.id),
        });
        if (choice === 'theirs' && openId() === conflict.id) {
          get().takeStoredRelease(await deps.api.call('releases.get', { id: conflict.id }));
        }
        return true;
      } catch (error) {
        update({ busy: null, error: errorCodeOf(error) });
        return false;
      }
    },

    async reloadFromTeam() {
      const id = get().team.serverNewer;
      if (id === null || openId() !== id) {
        update({ serverNewer: null });
        return;
      }
      const { compose } = get();
      if (compose.dirty || compose.conflict) {
        // The text typed here is saved against the newer version: the comparison shows both, nothing is lost.
        update({ serverNewer: null });
        await get().saveRelease();
        return;
      }
      update({ serverNewer: null });
      try {
        get().takeStoredRelease(await deps.api.call('releases.get', { id }));
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },
  };
};

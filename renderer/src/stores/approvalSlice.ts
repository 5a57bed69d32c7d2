import type { ChannelInput } from '../../../shared/contract';
import type { ApprovalSettingKey, ApprovalState, ApprovalVia, QuoteEntry } from '../../../shared/domain/approval';
import { errorCodeOf, errorDetailOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

/** The approval panel of the release open in compose. */
export interface ApprovalPanelState {
  /** The release the state belongs to; null before the first load. */
  readonly releaseId: string | null;
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly value: ApprovalState | null;
  readonly error: UiErrorCode | null;
}

/** The office's approval rules as the settings screen shows them; null until loaded. */
export interface ApprovalRulesState {
  readonly fourEyes: boolean | null;
  readonly quotes: boolean | null;
  readonly error: UiErrorCode | null;
}

/** Which approval dialog is open (one at a time): review, approval, correction of form. */
export type ApprovalDialog = 'review' | 'approve' | 'correction' | null;

/** The outcome of an approval action, for the dialog that started it: its errors stay in the dialog. */
export type ApprovalOutcome =
  { readonly ok: true } | { readonly ok: false; readonly code: UiErrorCode; readonly reason: string | null };

export interface ReviewRequestInput {
  readonly reviewers: readonly string[];
  readonly deadline: string | null;
  readonly remark: string;
}

export interface ApproveRequestInput {
  readonly via: ApprovalVia;
  /** Who approved (not for `app`: the profile of this workstation approves). */
  readonly by: string;
  readonly function: string;
  /** When the approval was given; now when null. */
  readonly approvedAt: string | null;
  readonly remark: string;
  readonly evidence: { readonly name: string; readonly base64: string } | null;
}

export interface QuoteDecisionRequest {
  readonly decision: 'approved' | 'rejected';
  readonly by: string;
  readonly via: ApprovalVia;
}

export interface ApprovalSlice {
  approval: ApprovalPanelState;
  approvalDialog: ApprovalDialog;
  approvalRules: ApprovalRulesState;
  /** Reads the approval state of the release open in compose (after it was saved). */
  loadApproval: () => Promise<void>;
  openApprovalDialog: (dialog: Exclude<ApprovalDialog, null>) => void;
  closeApprovalDialog: () => void;
  /** „Zur Prüfung geben“: saves pending text first; the release goes to review. */
  requestReview: (input: ReviewRequestInput) => Promise<ApprovalOutcome>;
  /** Records an approval of the text as it is stored (pending text is saved first). */
  recordApproval: (input: ApproveRequestInput) => Promise<ApprovalOutcome>;
  /** The approver confirms the change since the approval as a correction of form. */
  confirmCorrection: (input: { via: ApprovalVia; remark: string }) => Promise<ApprovalOutcome>;
  /** The quote was sent to its speaker (or someone for them) for approval. */
  requestQuote: (quoteId: string, from: string) => Promise<ApprovalOutcome>;
  decideQuote: (quoteId: string, input: QuoteDecisionRequest) => Promise<ApprovalOutcome>;
  /** The evidence kept with an approval, as bytes to save or open; null when it could not be read. */
  fetchEvidence: (approvalId: number) => Promise<{ name: string; type: string; bytes: Uint8Array } | null>;
  loadApprovalRules: () => Promise<void>;
  saveApprovalRule: (key: ApprovalSettingKey, on: boolean) => Promise<boolean>;
}

const idle: ApprovalPanelState = { releaseId: null, status: 'idle', value: null, error: null };

function outcomeOf(error: unknown): ApprovalOutcome {
  return { ok: false, code: errorCodeOf(error), reason: errorDetailOf(error, 'reason') };
}

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const optional = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

export const createApprovalSlice: SliceCreator<ApprovalSlice> = (deps) => (set, get) => {
  let request = 0;
  const update = (patch: Partial<ApprovalPanelState>): void => set((s) => ({ approval: { ...s.approval, ...patch } }));

  /** Takes an answer of the engine over, if it still belongs to the release open in compose. */
  function show(value: ApprovalState): void {
    if (get().compose.releaseId !== value.releaseId) return;
    request++;
    set({ approval: { releaseId: value.releaseId, status: 'ready', value, error: null } });
  }

  /**
   * An approval action binds to the stored text: pending text is saved first.
   * Resolves to the release's id, or to the outcome that stops the action.
   */
  async function storedRelease(): Promise<string | ApprovalOutcome> {
    if (!(await get().flushSave())) {
      const save = get().compose.save;
      return { ok: false, code: save.kind === 'error' ? save.code : 'CONFLICT', reason: null };
    }
    const id = get().compose.releaseId;
    return id ?? { ok: false, code: 'NOT_FOUND', reason: null };
  }

  /** After an action: the engine changed status and version; the editor, the checks and the log follow. */
  async function followEngine(id: string): Promise<void> {
    try {
      const release = await deps.api.call('releases.get', { id });
      get().adoptStored(release);
    } catch {
      // The next load of the release reads it; the approval itself is recorded.
    }
    if (get().exportState.releaseId === id) void get().checkExport(id);
    if (get().history.releaseId === id) void get().reloadLog();
  }

  async function act(run: (id: string) => Promise<ApprovalState | QuoteEntry>): Promise<ApprovalOutcome> {
    const id = await storedRelease();
    if (typeof id !== 'string') return id;
    try {
      const answer = await run(id);
      if ('releaseId' in answer) show(answer);
      else await get().loadApproval();
      await followEngine(id);
      return { ok: true };
    } catch (error) {
      return outcomeOf(error);
    }
  }

  return {
    approval: idle,
    approvalDialog: null,
    approvalRules: { fourEyes: null, quotes: null, error: null },

    async loadApproval() {
      const id = get().compose.releaseId;
      if (id === null) {
        request++;
        set({ approval: idle });
        return;
      }
      const mine = ++request;
      if (get().approval.releaseId !== id) set({ approval: { ...idle, releaseId: id, status: 'loading' } });
      try {
        const value = await deps.api.call('approval.get', { id });
        if (mine === request && get().compose.releaseId === id) update({ status: 'ready', value, error: null });
      } catch (error) {
        if (mine === request) update({ status: 'error', error: errorCodeOf(error) });
      }
    },

    openApprovalDialog(dialog) {
      if (get().compose.releaseId === null) return;
      set({ approvalDialog: dialog });
    },

    closeApprovalDialog() {
      set({ approvalDialog: null });
    },

    requestReview(input) {
      return act((id) =>
        deps.api.call('approval.requestReview', {
          id,
          reviewers: input.reviewers.map((r) => r.trim()).filter(Boolean),
          deadline: input.deadline,
          remark: optional(input.remark),
        }),
      );
    },

    recordApproval(input) {
      return act((id) => {
        const call: ChannelInput<'approval.approve'> = {
          id,
          via: input.via,
          ...(input.via === 'app' ? {} : { by: input.by.trim() }),
          ...(optional(input.function) ? { function: input.function.trim() } : {}),
          ...(input.approvedAt ? { approvedAt: input.approvedAt } : {}),
          ...(optional(input.remark) ? { remark: input.remark.trim() } : {}),
          ...(input.evidence ? { evidence: { name: input.evidence.name, base64: input.evidence.base64 } } : {}),
        };
        return deps.api.call('approval.approve', call);
      });
    },

    confirmCorrection(input) {
      return act((id) =>
        deps.api.call('approval.confirmCorrection', { id, via: input.via, remark: optional(input.remark) }),
      );
    },

    requestQuote(quoteId, from) {
      return act((id) => deps.api.call('quotes.request', { id, quoteId, from: optional(from) }));
    },

    decideQuote(quoteId, input) {
      return act((id) =>
        deps.api.call('quotes.decide', { id, quoteId, decision: input.decision, by: input.by.trim(), via: input.via }),
      );
    },

    async fetchEvidence(approvalId) {
      const id = get().compose.releaseId;
      if (id === null) return null;
      try {
        const file = await deps.api.call('approval.evidence', { id, approvalId });
        return { name: file.name, type: file.type, bytes: bytesOf(file.base64) };
      } catch (error) {
        update({ error: errorCodeOf(error) });
        return null;
      }
    },

    async loadApprovalRules() {
      try {
        const [fourEyes, quotes] = await Promise.all([
          deps.api.call('settings.get', { key: 'approval.fourEyes' }),
          deps.api.call('settings.get', { key: 'approval.quotes' }),
        ]);
        set({ approvalRules: { fourEyes: fourEyes.value !== 'off', quotes: quotes.value !== 'off', error: null } });
      } catch (error) {
        set((s) => ({ approvalRules: { ...s.approvalRules, error: errorCodeOf(error) } }));
      }
    },

    async saveApprovalRule(key, on) {
      const field = key === 'approval.fourEyes' ? 'fourEyes' : 'quotes';
      const before = get().approvalRules[field];
      // The box shows the choice at once; a refused change puts it back.
      set((s) => ({ approvalRules: { ...s.approvalRules, [field]: on } }));
      try {
        const saved = await deps.api.call('settings.set', { key, value: on ? 'on' : 'off' });
        set((s) => ({ approvalRules: { ...s.approvalRules, [field]: saved.value !== 'off', error: null } }));
        // The panel of the open release shows the rules in force.
        if (get().approval.value !== null) void get().loadApproval();
        return true;
      } catch (error) {
        set((s) => ({ approvalRules: { ...s.approvalRules, [field]: before, error: errorCodeOf(error) } }));
        return false;
      }
    },
  };
};

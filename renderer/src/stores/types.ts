import type { StateCreator } from 'zustand';
import type { Api } from '../api/types';
import type { LastReleaseStore } from '../lib/lastRelease';
import type { RecoveryStore } from '../lib/recovery';
import type { ApprovalSlice } from './approvalSlice';
import type { ArchiveSlice } from './archiveSlice';
import type { BackupSlice } from './backupSlice';
import type { CommentsSlice } from './commentsSlice';
import type { ComposeSlice } from './composeSlice';
import type { ContactsSlice } from './contactsSlice';
import type { ExportSlice } from './exportSlice';
import type { HistorySlice } from './historySlice';
import type { MailSlice } from './mailSlice';
import type { MediaSlice } from './mediaSlice';
import type { PdfSlice } from './pdfSlice';
import type { ReviewCopySlice } from './reviewCopySlice';
import type { PreviewSlice } from './previewSlice';
import type { ProfileSlice } from './profileSlice';
import type { TeamSlice } from './teamSlice';
import type { TemplateSlice } from './templateSlice';
import type { RelatedSlice } from './relatedSlice';
import type { SettingsSlice } from './settingsSlice';
import type { TrashSlice } from './trashSlice';
import type { UiSlice } from './uiSlice';
import type { WordSlice } from './wordSlice';

/** What the slices need from outside: the engine's api and a clock (both replaceable in tests). */
export interface StoreDeps {
  api: Api;
  now: () => Date;
  /** Where unsaved text is kept when the engine cannot store it. */
  recovery: RecoveryStore;
  /** Where the release open in compose is remembered for the next start (in memory unless given). */
  lastRelease?: LastReleaseStore;
  /** Pause before an autosave (tests shorten it). */
  autosaveDelayMs?: number;
}

export type AppState = ArchiveSlice &
  PreviewSlice &
  TemplateSlice &
  BackupSlice &
  ComposeSlice &
  HistorySlice &
  SettingsSlice &
  UiSlice &
  ExportSlice &
  PdfSlice &
  ReviewCopySlice &
  MediaSlice &
  RelatedSlice &
  TrashSlice &
  ProfileSlice &
  WordSlice &
  ContactsSlice &
  MailSlice &
  ApprovalSlice &
  CommentsSlice &
  TeamSlice;

/** A slice factory: receives the dependencies, returns zustand's creator for its part of the state. */
export type SliceCreator<T> = (deps: StoreDeps) => StateCreator<AppState, [], [], T>;

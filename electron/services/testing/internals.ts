import type Database from 'better-sqlite3';
import type { ApprovalService } from '../approval/approvalService';
import type { TeamService } from '../team/teamService';
import type { SearchService } from '../archive/searchService';
import type { CommentRepository } from '../comments/commentRepository';
import type { AssetStore } from '../assets/assetStore';
import type { TemplateRepository } from '../compose/templateRepository';
import type { SnippetRepository } from '../compose/snippetRepository';
import type { ContactRepository } from '../contacts/contactRepository';
import type { MailJobs } from '../mail/mailJobs';
import type { MailService } from '../mail/mailService';
import type { ReleaseRepository } from '../releases/releaseRepository';
import type { SettingsStore } from '../settings/settingsStore';
import type { Workstation } from '../workstation';

/**
 * The parts an open workstation is made of. Hosts never see them (they use
 * the Engine API and the contract; eslint.config.js keeps them out); tests,
 * benchmarks and e2e fixtures reach them here to set up and inspect a store.
 */
export interface EngineInternals {
  readonly db: Database.Database;
  readonly releases: ReleaseRepository;
  readonly comments: CommentRepository;
  readonly search: SearchService;
  readonly assets: AssetStore;
  readonly settings: SettingsStore;
  readonly snippets: SnippetRepository;
  readonly templates: TemplateRepository;
  readonly contacts: ContactRepository;
  readonly mail: MailService;
  readonly mailJobs: MailJobs;
  readonly approval: ApprovalService;
  readonly team: TeamService;
}

// Filled by openWorkstation; weak, so a closed workstation and its parts can go.
const internals = new WeakMap<Workstation, EngineInternals>();

/** Called by openWorkstation alone: remembers what `ws` is made of. */
export function registerEngineInternals(ws: Workstation, parts: EngineInternals): void {
  internals.set(ws, parts);
}

/** The database, repositories and stores behind a workstation (tests, benchmarks and e2e fixtures only). */
export function engineInternals(ws: Workstation): EngineInternals {
  const parts = internals.get(ws);
  if (!parts) throw new Error('Not a workstation opened by openWorkstation.');
  return parts;
}

import type { Release } from '../../../shared/domain';
import type { Workstation } from '../workstation';
import { engineInternals } from './internals';

/** The approver tests name: never the author of the text (four-eyes). */
export const TEST_APPROVER = 'Dr. Paula Prüferin';

/**
 * Approves a release as the office would (by phone, someone other than the
 * author) and every quote of it; the release becomes approved.
 */
export function approveForTest(ws: Workstation, id: string): Release {
  const { approval, releases } = engineInternals(ws);
  approval.approve(id, { by: TEST_APPROVER, function: 'Amtschefin', via: 'phone' });
  for (const q of approval.quotes(id)) {
    if (q.state !== 'approved')
      approval.decideQuote(id, q.id, { decision: 'approved', by: q.speaker || 'X', via: 'phone' });
  }
  return releases.get(id);
}

/** Approves a release and its quotes, then publishes it through the workflow. */
export function publishForTest(ws: Workstation, id: string): Release {
  approveForTest(ws, id);
  return engineInternals(ws).approval.setStatus(id, 'published');
}

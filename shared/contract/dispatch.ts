import { PressdeskError, issueList, toErrorPayload } from '../errors';
import { isDeclaredError } from './errors';
import { contract, isChannelName, type Envelope, type Handlers } from './index';

/** Under test an undeclared error code fails the call outright, so the declarations cannot drift. */
function strictErrors(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.PRESSDESK_STRICT_ERRORS === '1';
}

/**
 * Validates a raw call against the contract, runs the handler and returns an
 * envelope. Used identically by the Electron IPC binding, the web host and
 * tests, so that every host refuses the same bad payloads the same way.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  rawInput: unknown,
  /** Told about failures that are not Pressdesk errors (bugs), which the caller only sees as INTERNAL. */
  onUnexpected?: (error: unknown, channel: string) => void,
): Promise<Envelope<unknown>> {
  try {
    if (!isChannelName(name)) {
      throw new PressdeskError('UNKNOWN_CHANNEL', `Unknown channel ${JSON.stringify(String(name)).slice(0, 80)}.`);
    }
    const spec = contract[name];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      throw new PressdeskError('INVALID_INPUT', `Invalid input for ${name}.`, {
        issues: issueList(parsed.error.issues),
      });
    }
    const handler = handlers[name] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    // The output schema guards the boundary in the other direction too.
    const out = spec.output.safeParse(value);
    if (!out.success) {
      throw new PressdeskError('INTERNAL', `The engine produced an invalid answer for ${name}.`);
    }
    return { ok: true, value: out.data };
  } catch (error) {
    if (!(error instanceof PressdeskError) || error.code === 'INTERNAL') onUnexpected?.(error, String(name));
    else if (isChannelName(name) && !isDeclaredError(name, error.code)) {
      // A code the channel does not declare is a defect of the declaration: reported, still answered.
      onUnexpected?.(error, String(name));
      if (strictErrors())
        return {
          ok: false,
          error: {
            code: 'INTERNAL',
            message: `${name} answered with ${error.code}, which it does not declare (shared/contract/errors.ts).`,
          },
        };
    }
    return { ok: false, error: toErrorPayload(error) };
  }
}

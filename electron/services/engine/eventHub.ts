import type { ContractEvent, EventName, EventPayload } from '../../../shared/contract/engineEvents';

export type EventListener = (event: ContractEvent) => void;

/**
 * The engine's events: the job registries emit here, and each host listens
 * once and forwards them its own way. A listener that throws is dropped from
 * that one delivery; it never breaks a job.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    const event = { name, payload } as ContractEvent;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // a host's failure to forward is its own; the job goes on
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}

import type { EventStore, JSONRPCMessage } from "@modelcontextprotocol/server";

/**
 * The SSE events of one HTTP session, kept so a client that reconnects with `Last-Event-ID`
 * receives what it missed (resumability, and polling after the server closed a stream).
 * Bounded: past `capacity` events the oldest are forgotten, so a session never grows without limit.
 */
export class MemoryEventStore implements EventStore {
  private readonly events = new Map<string, { streamId: string; message: JSONRPCMessage }>();
  private next = 0;

  constructor(private readonly capacity = 1000) {}

  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    const eventId = `${streamId}:${++this.next}`;
    this.events.set(eventId, { streamId, message });
    if (this.events.size > this.capacity) this.events.delete(this.events.keys().next().value!);
    return eventId;
  }

  async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    return this.events.get(eventId)?.streamId;
  }

  async replayEventsAfter(lastEventId: string, { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> }): Promise<string> {
    const last = this.events.get(lastEventId);
    if (!last) return "";
    let after = false;
    for (const [eventId, event] of [...this.events]) {
      if (after && event.streamId === last.streamId && Object.keys(event.message).length > 0) await send(eventId, event.message);
      if (eventId === lastEventId) after = true;
    }
    return last.streamId;
  }
}

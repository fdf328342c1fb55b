import type { EventStore, JSONRPCMessage } from "@modelcontextprotocol/server";

/**
 * The SSE events of one HTTP session, kept so a client that reconnects with `Last-Event-ID`
 * receives what it missed (resumability, and polling after the server closed a stream).
 * Bounded twice: past `capacity` events or `maxBytes` of serialised messages the oldest are
 * forgotten, so neither many small events nor a few huge results grow a session without limit.
 */
export class MemoryEventStore implements EventStore {
  /** Each message is kept as its JSON text, smaller than its object graph; replay (rare) parses it again. */
  private readonly events = new Map<string, { streamId: string; json: string; bytes: number }>();
  private next = 0;
  private bytes = 0;

  constructor(
    private readonly capacity = 1000,
    private readonly maxBytes = 8 * 1024 * 1024,
  ) {}

  /** Bytes of the messages held (their JSON), for health and tests. */
  get size(): { events: number; bytes: number } {
    return { events: this.events.size, bytes: this.bytes };
  }

  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    const eventId = `${streamId}:${++this.next}`;
    const json = JSON.stringify(message);
    const bytes = Buffer.byteLength(json);
    this.events.set(eventId, { streamId, json, bytes });
    this.bytes += bytes;
    while (this.events.size > this.capacity || (this.bytes > this.maxBytes && this.events.size > 0)) {
      const [oldest, event] = this.events.entries().next().value!;
      this.events.delete(oldest);
      this.bytes -= event.bytes;
    }
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
      // A stream's priming event (an empty message) is not replayed.
      if (after && event.streamId === last.streamId && event.json !== "{}") await send(eventId, JSON.parse(event.json) as JSONRPCMessage);
      if (eventId === lastEventId) after = true;
    }
    return last.streamId;
  }
}

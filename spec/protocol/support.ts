import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Notification } from "@modelcontextprotocol/sdk/types.js";

type NotificationSchema = Parameters<Client["setNotificationHandler"]>[0];

/** Collects every notification of one kind a client receives, and lets a test await the n-th. */
export function collectNotifications<T extends Notification = Notification>(client: Client, schema: NotificationSchema) {
  const received: T[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  client.setNotificationHandler(schema, (notification) => {
    received.push(notification as unknown as T);
    for (const waiter of waiters.filter((w) => received.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  return {
    received,
    /** Resolves once `count` notifications have arrived in total. */
    async atLeast(count: number): Promise<T[]> {
      if (received.length < count) await new Promise<void>((resolve) => waiters.push({ count, resolve }));
      return received;
    },
  };
}

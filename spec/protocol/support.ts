import type { Client, Notification, NotificationMethod } from "@modelcontextprotocol/client";

/** Collects every notification of one kind a client receives, and lets a test await the n-th. */
export function collectNotifications<T extends Notification = Notification>(client: Client, method: NotificationMethod) {
  const received: T[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  client.setNotificationHandler(method, (notification) => {
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

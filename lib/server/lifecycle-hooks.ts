/** A service that needs async work before the server accepts calls (open a pool, warm a cache). */
export interface OnStartup {
  onStartup(): Promise<void> | void;
}

/** A service that must release something at shutdown; called in reverse start order. */
export interface OnShutdown {
  onShutdown(): Promise<void> | void;
}

export function hasOnStartup(value: unknown): value is OnStartup {
  return typeof (value as OnStartup | null)?.onStartup === "function";
}

export function hasOnShutdown(value: unknown): value is OnShutdown {
  return typeof (value as OnShutdown | null)?.onShutdown === "function";
}

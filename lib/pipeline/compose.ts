/** Hands control to the next step and resolves with what the rest of the chain returned. */
export type Next<R> = () => Promise<R>;

/** One step around a call: may act before and after `next()`, replace the result, or not call `next` at all. */
export type Middleware<C, R> = (call: C, next: Next<R>) => Promise<R>;

/**
 * Joins middleware into one function, once, at startup (after koa-compose).
 * Calling `next()` twice in one step is a bug and rejects instead of running the rest twice.
 */
export function compose<C, R>(middleware: readonly Middleware<C, R>[], terminal: (call: C) => Promise<R>): (call: C) => Promise<R> {
  for (const [index, step] of middleware.entries()) {
    if (typeof step !== "function") throw new TypeError(`Middleware at position ${index} is ${typeof step}, not a function`);
  }
  if (middleware.length === 0) return terminal;
  return (call) => {
    let last = -1;
    const dispatch = (index: number): Promise<R> => {
      if (index <= last) return Promise.reject(new Error("next() called more than once in one middleware"));
      last = index;
      const step = middleware[index];
      if (!step) return terminal(call);
      try {
        return step(call, () => dispatch(index + 1));
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return dispatch(0);
  };
}

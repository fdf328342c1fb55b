/** A method call as the behaviour steps see it: the argument list in, a promise out. */
export type MethodCall = (args: unknown[]) => Promise<unknown>;

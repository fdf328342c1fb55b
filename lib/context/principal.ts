/** The authenticated caller of a request, as the transport's token check established it. */
export interface Principal {
  /**
   * A stable identifier of the caller: the token's subject when it has one, else a hash of the token
   * (never the token itself). Used to key caller-scoped cache entries and batches.
   */
  readonly id: string;
  readonly subject?: string;
  readonly clientId?: string;
  readonly scopes: readonly string[];
  /** Other claims the token verifier returned. */
  readonly claims: Readonly<Record<string, unknown>>;
}

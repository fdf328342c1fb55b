/** The injection token of the sample's settings. */
export const FLAGSHIP_SETTINGS = Symbol("FlagshipSettings");

/** What the sample reads from the environment (or a test passes in). */
export interface FlagshipSettings {
  /** Prefix of the MySQL tables; lets specs use their own tables. Default "flagship_". */
  tablePrefix: string;
  /** The carrier API; undefined starts the embedded one on a free loopback port. */
  carrierUrl?: string;
  /** How long one carrier request may take. */
  carrierTimeoutMs: number;
}

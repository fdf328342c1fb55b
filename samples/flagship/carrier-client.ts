import { HttpPool, inject, Service } from "../../lib/index.js";
import type { Parcel } from "./domain.js";
import { EmbeddedCarrierApi } from "./embedded-carrier-api.js";
import { FLAGSHIP_SETTINGS, type FlagshipSettings } from "./settings.js";

/** The carrier's parcel-tracking API, called through the application's HTTP pool. */
@Service()
export class CarrierClient {
  constructor(
    private readonly http: HttpPool,
    private readonly embedded: EmbeddedCarrierApi,
    @inject(FLAGSHIP_SETTINGS) private readonly settings: FlagshipSettings,
  ) {}

  /**
   * Where a parcel is. The request has its own timeout and also stops when the tool call is
   * cancelled or times out: the pool reads the call's signal, so nothing is left running.
   */
  track(tracking: string): Promise<Parcel> {
    const base = this.settings.carrierUrl ?? this.embedded.url;
    return this.http.getJson<Parcel>(`${base.replace(/\/$/, "")}/parcels/${encodeURIComponent(tracking)}`, { timeoutMs: this.settings.carrierTimeoutMs });
  }
}

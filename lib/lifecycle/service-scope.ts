import type { InjectionToken } from "tsyringe";
import { metadataStore } from "../metadata/metadata-store.js";

/** The scope `@Service()` declared for a token, or undefined when it is not a service class. */
export function metadataStoreScope(token: InjectionToken): "singleton" | "transient" | undefined {
  return typeof token === "function" ? metadataStore.get(token as never)?.service?.scope : undefined;
}

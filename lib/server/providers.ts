import type { DependencyContainer, InjectionToken } from "tsyringe";
import type { Constructor } from "../metadata/types.js";

/** How the application's container supplies one injection token. */
export type Provider =
  | { provide: InjectionToken; useValue: unknown }
  | { provide: InjectionToken; useClass: Constructor }
  | { provide: InjectionToken; useFactory: (container: DependencyContainer) => unknown };

export function registerProvider(container: DependencyContainer, provider: Provider): void {
  if ("useValue" in provider) container.register(provider.provide, { useValue: provider.useValue });
  else if ("useClass" in provider) container.register(provider.provide, { useClass: provider.useClass });
  else {
    // Factories run once per application: a provider is a shared resource, not a per-injection one.
    let made = false;
    let value: unknown;
    container.register(provider.provide, {
      useFactory: (c) => {
        if (!made) {
          value = provider.useFactory(c);
          made = true;
        }
        return value;
      },
    });
  }
}

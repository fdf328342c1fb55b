import { tsyringe } from "../runtime/commonjs.js";
import { metadataStore } from "../metadata/metadata-store.js";
import { recordDeclaringModule } from "../schema/generated-module-loader.js";
import type { Constructor, ServiceOptions } from "../metadata/types.js";

/**
 * Marks a class as managed by the application's container: its constructor parameters are injected.
 * @example
 * @Service() class UserTools { constructor(private readonly users: UserRepository) {} }
 */
export function Service(options: ServiceOptions = {}): ClassDecorator {
  return (target) => {
    // Its generated module (beside this one) may record its constructor's types, for runners without decorator metadata.
    recordDeclaringModule(target);
    tsyringe.injectable()(target as unknown as Constructor);
    metadataStore.markService(target as unknown as Constructor, { scope: options.scope ?? "singleton" });
  };
}

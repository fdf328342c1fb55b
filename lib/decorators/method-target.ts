import { DecoratorUsageError } from "../errors/decorator-usage-error.js";
import type { Constructor } from "../metadata/types.js";
import { recordDeclaringModule } from "../schema/generated-module-loader.js";

/** Where a method decorator was applied, checked once at class-definition time. */
export interface MethodTarget {
  ctor: Constructor;
  methodName: string;
  where: string;
}

/** Checks that a method decorator sits on an instance method and says where it is. */
export function methodTarget(
  decorator: string,
  target: object,
  key: string | symbol,
  descriptor: PropertyDescriptor | undefined,
): MethodTarget {
  const isStatic = typeof target === "function";
  const ctor = (isStatic ? target : target.constructor) as Constructor;
  const methodName = String(key);
  const where = `${ctor.name}.${methodName}`;
  if (isStatic) {
    throw new DecoratorUsageError(decorator, where, "it is a static method", "make it an instance method");
  }
  if (!descriptor || typeof descriptor.value !== "function") {
    throw new DecoratorUsageError(decorator, where, "it is not a method (a property, getter or setter)", "declare it as a method: `async name(...) { ... }`");
  }
  // So the generated `x.schema.js` beside the class's module can be found at start-up.
  recordDeclaringModule(ctor);
  return { ctor, methodName, where };
}

const AsyncFunction = (async () => {}).constructor;
const AsyncGeneratorFunction = (async function* () {}).constructor;

/** Handlers must be async so a slow one never blocks the event loop for other callers. */
export function requireAsync(decorator: string, at: MethodTarget, fn: Function, target: object): void {
  const returnType = Reflect.getMetadata?.("design:returntype", target, at.methodName);
  if (fn instanceof AsyncFunction || fn instanceof AsyncGeneratorFunction || returnType === Promise) return;
  throw new DecoratorUsageError(decorator, at.where, "the method is not async", "declare it `async` (or return a Promise)");
}

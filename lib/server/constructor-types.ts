import { tsyringe } from "../runtime/commonjs.js";
import { metadataStore } from "../metadata/metadata-store.js";
import { constructorDependencies } from "../lifecycle/dependency-order.js";
import { declaringModulesOf, loadGeneratedModulesOf } from "../schema/generated-module-loader.js";
import { generatedConstructorTypesOf } from "../schema/generated-schemas.js";
import { MissingDecoratorMetadataError } from "../errors/missing-decorator-metadata-error.js";

/**
 * Gives every class the container builds from `roots` its constructor's parameter types when the
 * code was compiled without decorator metadata (tsx, esbuild, vitest, bundlers, or a tsconfig
 * without `emitDecoratorMetadata`): the generated module records them by name, and they become
 * `design:paramtypes` before anything is built. A class whose types are known nowhere fails here,
 * at startup, instead of with an undefined dependency at its first call.
 * @param known the classes a recorded name may denote (services, pools, mcpkit's injectables)
 */
export async function supplyConstructorTypes(roots: readonly Function[], known: readonly Function[]): Promise<void> {
  const seen = new Set<Function>();
  // Only classes the container builds from their constructor: the listed services and @Service() classes
  // (a pool's client class, for one, is provided as a value).
  const visit = async (target: Function, listed: boolean): Promise<void> => {
    if (seen.has(target)) return;
    seen.add(target);
    if ((listed || metadataStore.isService(target as never)) && needsTypes(target)) await supply(target, known);
    for (const dependency of constructorDependencies(target)) if (typeof dependency === "function") await visit(dependency, false);
  };
  for (const root of roots) await visit(root, true);
}

/** Constructor parameters, no own `design:paramtypes`, and not every parameter named by `@inject`. */
function needsTypes(target: Function): boolean {
  if (target.length === 0 || Reflect.getOwnMetadata("design:paramtypes", target) !== undefined) return false;
  const injected = Object.keys(Reflect.getOwnMetadata("injectionTokens", target) ?? {}).length;
  return injected < target.length;
}

async function supply(target: Function, known: readonly Function[]): Promise<void> {
  await loadGeneratedModulesOf(target);
  const modules = declaringModulesOf(target);
  const names = generatedConstructorTypesOf(target, modules);
  if (!names) {
    throw new MissingDecoratorMetadataError(
      target.name,
      `${runnerName(modules)} recorded no constructor parameter types (decorator metadata), and no generated module records them`,
      `run \`npx mcpkit schema\` (its module records them, and the server reads it at startup), or compile with tsc and "emitDecoratorMetadata": true, or name each parameter with @inject(Token)`,
    );
  }
  const types = names.map((name, index) => (name === null ? Object : classNamed(name, target, index, known)));
  Reflect.defineMetadata("design:paramtypes", types, target);
  // tsyringe reads the types when @injectable() runs; it runs again now that they are there.
  if (metadataStore.isService(target as never)) tsyringe.injectable()(target as never);
}

function classNamed(name: string, target: Function, index: number, known: readonly Function[]): Function {
  const matches = [...new Set(known.flatMap(withBaseClasses))].filter((c) => c.name === name);
  if (matches.length === 1) return matches[0]!;
  const sameModule = matches.filter((c) => declaringModulesOf(c).some((url) => declaringModulesOf(target).includes(url)));
  if (sameModule.length === 1) return sameModule[0]!;
  const problem = matches.length === 0 ? `its parameter #${index} is a ${name}, which is no service, pool or class mcpkit knows` : `its parameter #${index} is a ${name}, and ${matches.length} classes have that name`;
  throw new MissingDecoratorMetadataError(target.name, problem, `mark ${name} with @Service(), or name the parameter with @inject(Token)`);
}

function withBaseClasses(c: Function): Function[] {
  const chain: Function[] = [];
  for (let f: unknown = c; typeof f === "function" && f !== Function.prototype; f = Object.getPrototypeOf(f)) chain.push(f as Function);
  return chain;
}

/** Who compiled the code without metadata, as far as the process tells. */
function runnerName(modules: readonly string[]): string {
  const command = [...process.execArgv, process.argv[1] ?? ""].join(" ");
  if (process.env.VITEST) return "vitest";
  if (/[\\/]tsx[\\/]|\btsx\b/.test(command)) return "tsx";
  if (modules.some((url) => /\.(m|c)?ts$/.test(url))) return "the TypeScript runner in use (esbuild-based runners emit no decorator metadata)";
  return 'the compiler (no "emitDecoratorMetadata": true in tsconfig.json, or a bundler)';
}

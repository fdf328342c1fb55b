import { readFileSync } from "node:fs";
import path from "node:path";
import type ts from "ts6";
import { compiler } from "./compiler-api.js";
import { McpKitError } from "../../errors/mcpkit-error.js";
import { emitSchemaModule, GENERATED_HEADER, type GeneratedClass } from "./emit-module.js";
import { handlerDecorator } from "./handler-decorators.js";
import { constructorTypes, isService } from "./constructor-types.js";
import { extractHandler } from "./method-schema.js";

/** What `mcpkit schema` is asked to do. */
export interface GenerateOptions {
  /** The tsconfig.json of the project; default: ./tsconfig.json. */
  project?: string;
  /** Only source files under these directories (or these files); default: every file of the project. */
  include?: string[];
}

/** One generated module: where it goes, its full text, and what it registers. */
export interface GeneratedModule {
  path: string;
  sourcePath: string;
  content: string;
  classes: GeneratedClass[];
}

export interface GenerateResult {
  modules: GeneratedModule[];
  /** Previously generated modules whose source no longer declares handlers. */
  orphans: string[];
  errors: Error[];
  warnings: string[];
  /** Source files read. */
  fileCount: number;
}

/** `x.ts` -> `x.schema.ts` (and `.mts` -> `.schema.mts`). */
export function schemaModulePath(sourcePath: string): string {
  return sourcePath.replace(/\.(m|c)?ts$/, (ext) => `.schema${ext}`);
}

/** Reads the project with the TypeScript compiler and generates one schema module per file that declares handlers. */
export function generateSchemas(options: GenerateOptions = {}): GenerateResult {
  const configPath = path.resolve(options.project ?? "tsconfig.json");
  const root = path.dirname(configPath);
  const config = compiler.readConfigFile(configPath, compiler.sys.readFile);
  if (config.error) throw new McpKitError(`Cannot read ${configPath}: ${compiler.flattenDiagnosticMessageText(config.error.messageText, "\n")}`);
  const parsed = compiler.parseJsonConfigFileContent(config.config, compiler.sys, root, undefined, configPath);
  checkCompilerOptions(parsed.options, path.relative(process.cwd(), configPath) || configPath);
  const include = (options.include ?? []).map((p) => path.resolve(p));
  const inScope = (file: string) => include.length === 0 || include.some((p) => file === p || file.startsWith(p + path.sep));
  // Only the files asked for are roots: the compiler reads what they import, and nothing else.
  const rootNames = parsed.fileNames.filter((f) => !isGeneratedFile(f) && inScope(path.resolve(f)));
  const roots = new Set(rootNames);
  const program = compiler.createProgram({ rootNames, options: { ...parsed.options, noEmit: true } });
  const checker = program.getTypeChecker();
  const commonJs = program.getSourceFiles().find((f) => roots.has(f.fileName) && f.impliedNodeFormat === compiler.ModuleKind.CommonJS && /\.ts$/.test(f.fileName));
  if (commonJs && (parsed.options.module ?? 0) >= compiler.ModuleKind.Node16) {
    throw new McpKitError(`${path.relative(process.cwd(), commonJs.fileName)} compiles to CommonJS (the nearest package.json has no "type": "module"), and mcpkit is an ES module package (it cannot be require()d). Fix: add "type": "module" to package.json.`);
  }
  const result: GenerateResult = { modules: [], orphans: [], errors: [], warnings: [], fileCount: 0 };

  for (const sourceFile of program.getSourceFiles()) {
    const fileName = path.resolve(sourceFile.fileName);
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile) || !roots.has(sourceFile.fileName) || !inScope(fileName)) continue;
    result.fileCount++;
    const relative = path.relative(root, fileName).split(path.sep).join("/");
    const classes: GeneratedClass[] = [];
    let failed = false;
    for (const statement of sourceFile.statements) {
      if (!compiler.isClassDeclaration(statement)) continue;
      const handlers: GeneratedClass["handlers"] = {};
      const className = statement.name?.text;
      for (const member of statement.members) {
        if (!compiler.isMethodDeclaration(member) || !compiler.isIdentifier(member.name)) continue;
        const decorator = handlerDecorator(member, checker);
        if (!decorator) continue;
        const line = sourceFile.getLineAndCharacterOfPosition(member.name.getStart(sourceFile)).line + 1;
        try {
          const handler = extractHandler(member, decorator, { checker, program, location: `${relative}:${line}`, where: `${className ?? "(anonymous class)"}.${member.name.text}` });
          // A prompt or fixed resource without parameters or JSDoc has nothing to record.
          if (handler.kind === "tool" || handler.parameters.length > 0 || handler.description) handlers[member.name.text] = handler;
        } catch (error) {
          result.errors.push(error as Error);
          failed = true;
        }
      }
      // What emitDecoratorMetadata would have recorded, for runners that emit none: of every class the container may build.
      const injected = Object.keys(handlers).length > 0 || isService(statement, checker) ? constructorTypes(statement, checker) : undefined;
      if (Object.keys(handlers).length === 0 && !injected) continue;
      if (!className) {
        if (Object.keys(handlers).length === 0) continue;
        result.warnings.push(`${relative}: an anonymous class declares tools; generated schemas are found by class name, so it falls back to reflection. Give the class a name.`);
        continue;
      }
      classes.push({ className, handlers, ...(injected && { constructorTypes: injected }) });
    }
    if (failed) continue;
    const target = schemaModulePath(fileName);
    if (classes.length === 0) {
      if (isGeneratedFile(target)) result.orphans.push(target);
      continue;
    }
    result.modules.push({ path: target, sourcePath: fileName, classes, content: emitSchemaModule(path.basename(fileName), classes) });
  }
  // A generated module whose source file is gone.
  for (const file of parsed.fileNames) {
    const resolved = path.resolve(file);
    if (inScope(resolved) && isGeneratedFile(resolved) && !compiler.sys.fileExists(resolved.replace(/\.schema(\.(m|c)?ts)$/, "$1"))) result.orphans.push(resolved);
  }
  result.modules.sort((a, b) => a.path.localeCompare(b.path));
  return result;
}

/** Settings mcpkit cannot work with fail here, before any file is read, saying what to set. */
function checkCompilerOptions(options: ts.CompilerOptions, config: string): void {
  if (!options.experimentalDecorators) {
    throw new McpKitError(`${config} does not set "experimentalDecorators": true. mcpkit's decorators are TypeScript's experimental (legacy) decorators; without the option tsc compiles them as standard decorators, which they are not. Fix: add "experimentalDecorators": true and "emitDecoratorMetadata": true to its compilerOptions.`);
  }
  const module = options.module;
  if (module === compiler.ModuleKind.CommonJS || module === compiler.ModuleKind.AMD || module === compiler.ModuleKind.UMD || module === compiler.ModuleKind.System) {
    throw new McpKitError(`${config} compiles to ${compiler.ModuleKind[module]} modules, and mcpkit is an ES module package (it cannot be require()d). Fix: set "module": "NodeNext" and "moduleResolution": "NodeNext" in its compilerOptions and "type": "module" in package.json.`);
  }
}

/** A file this tool wrote (it starts with the generated header). */
export function isGeneratedFile(file: string): boolean {
  if (!/\.schema\.(m|c)?ts$/.test(file)) return false;
  try {
    return readFileSync(file, "utf8").startsWith(GENERATED_HEADER);
  } catch {
    return false;
  }
}

import type { ArgumentBinding } from "../schema/schema-source.js";

/** Maps a call's named arguments onto the method's parameter list, decided once per method. */
export function createArgumentBinder(binding: ArgumentBinding): (args: Record<string, unknown>) => unknown[] {
  if (binding.kind === "object") return (args) => [args];
  const names = binding.names;
  return (args) => {
    const values = new Array(names.length);
    for (let i = 0; i < names.length; i++) values[i] = args[names[i]!];
    return values;
  };
}

import { readFileSync } from "node:fs";

/** Resident memory of a process, in MiB: now (VmRSS) and its peak so far (VmHWM). Linux only; NaN elsewhere. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

/** CPU time (user + system) a process has used so far, in µs. Linux only; NaN elsewhere. */
export function cpuMicrosOf(pid: number): number {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return NaN;
  }
}

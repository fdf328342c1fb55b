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

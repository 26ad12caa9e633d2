import fs from 'node:fs';

/** Whether this system shows a process's open files (/proc, Linux). */
export const canSeeOpenFiles = fs.existsSync('/proc/self/fd');

/** Files this process has open that were deleted: SQLite's temporary files are unlinked as soon as they are opened. */
export function deletedFiles(): string[] {
  return fs.readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
      return target.endsWith(' (deleted)') ? [target] : [];
    } catch {
      return [];
    }
  });
}

/** Files this process has open whose path starts with `prefix`. */
export function openFilesUnder(prefix: string): string[] {
  return fs.readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(prefix) ? [target] : [];
    } catch {
      return [];
    }
  });
}

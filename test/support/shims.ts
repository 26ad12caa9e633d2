/**
 * The program a pyenv shim stands for. On this project's machines `python3` and the AWS CLI v1's `aws` on PATH are
 * pyenv shims: shell scripts that ask pyenv which program to run, about 0.2 s of every call. Tests that start them
 * many times run the program itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Answers by name: asked once a process. */
const programs = new Map<string, string>();

/** The program the pyenv shim `bin` on PATH stands for (`pyenv which`), or `bin` itself when it is a path or no shim. */
export function behindShim(bin: string): string {
  if (bin.includes('/')) return bin;
  let program = programs.get(bin);
  if (program === undefined) {
    program = bin;
    const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', bin], { encoding: 'utf8' }).stdout.trim();
    if (found.includes('/pyenv/shims/') || found.includes('/.pyenv/shims/')) {
      const which = spawnSync('pyenv', ['which', bin], { encoding: 'utf8', timeout: 20_000 });
      const path = which.status === 0 ? which.stdout.trim() : '';
      if (path !== '' && existsSync(path)) program = path;
    }
    programs.set(bin, program);
  }
  return program;
}

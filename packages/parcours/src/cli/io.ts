/**
 * What a command may touch of the world it runs in: where it writes, the folder it runs from
 * and the environment. bin/parcours.js gives the process's own; tests give theirs, so that a
 * command runs in-process exactly as it would in a terminal, with no process-wide state.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { readEnv, type EnvOverrides } from '../settings/env.ts';
import { palette, type Palette } from './format.ts';

export interface Writer {
  write(text: string): unknown;
  /** A terminal: progress lines and colours. */
  isTTY?: boolean;
}

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  /** The folder the command runs from: relative paths and the paths shown are relative to it. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** The running process's streams, folder and environment. */
export function processIo(): CliIo {
  // A reader that went away (`parcours build | head -3`): what is left to print is dropped, and
  // the command finishes its work, its exit code saying how it went (Node would otherwise end
  // it at its next line, a stack trace on the terminal, a build left half done).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}

/** What every command receives besides its options: the io, Parcours' variables read once, the colours. */
export interface CliContext {
  io: CliIo;
  env: EnvOverrides;
  /** Colours on stdout when it is a terminal and NO_COLOR is unset (https://no-color.org). */
  paint: Palette;
  out(text: string): void;
  err(text: string): void;
}

export function cliContext(io: CliIo): CliContext {
  return {
    io,
    env: readEnv(io.env),
    paint: palette(Boolean(io.stdout.isTTY) && !io.env.NO_COLOR),
    out: (text) => void io.stdout.write(text),
    err: (text) => void io.stderr.write(text),
  };
}

/**
 * A path given on the command line (`check flows/a.yaml`, `paths flows/a.yaml`): absolute as it
 * is; relative, read from the content project (--content) first, then, when it is not there,
 * from the folder the command runs from. Undefined when neither exists.
 */
export function projectPath(arg: string, contentDir: string, cwd: string): string | undefined {
  if (isAbsolute(arg)) return existsSync(arg) ? arg : undefined;
  return [resolve(contentDir, arg), resolve(cwd, arg)].find((path) => existsSync(path));
}

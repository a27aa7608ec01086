import { startServer } from '../../lsp/server.ts';

/**
 * `parcours lsp`: the language server for editors, over stdin and stdout (`--stdio`, which
 * editors add by habit, is the only way and may be left out). Runs until the editor stops it.
 */
export async function lspCommand(): Promise<number> {
  const code = await startServer();
  // The editor said `exit`: stdin may still be open, nothing is left to do.
  process.exit(code);
}

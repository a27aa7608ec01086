/**
 * The language server on its own, without the rest of the CLI: the entry of the bundle the VS
 * Code extension carries (for a project whose toolkit is not installed yet). `parcours lsp`
 * is the same server.
 */
import { startServer } from './server.ts';

void startServer().then((code) => process.exit(code));

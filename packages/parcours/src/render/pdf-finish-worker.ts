/**
 * A thread that finishes prints (./pdf-finish.ts) for ./pdf-finishers.ts: Chromium's bytes in,
 * the PDF out, both moved between threads rather than copied.
 */
import { parentPort } from 'node:worker_threads';
import { finishPrint, type FinishInput } from './pdf-finish.ts';

export type FinishRequest = { id: number; raw: Uint8Array; input: FinishInput };
export type FinishReply = { id: number; output: Awaited<ReturnType<typeof finishPrint>> } | { id: number; error: string };

parentPort!.on('message', async ({ id, raw, input }: FinishRequest) => {
  try {
    const output = await finishPrint(raw, input);
    parentPort!.postMessage({ id, output } satisfies FinishReply, 'pdf' in output ? [output.pdf.buffer as ArrayBuffer] : []);
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FinishReply);
  }
});

/**
 * Threads that finish prints (./pdf-finish.ts) beside the build's own, while two tabs print at
 * once. The finishing is pdf-lib work, all of it on one thread: in the build's, two recueils
 * printed side by side were finished one after the other, and while one was finished the
 * other's print waited for that thread to receive its bytes (500 journeys: 7.3 s for three
 * recueils, the last seconds of the build). A thread finishes each and leaves the build's
 * thread to drive Chromium. Recueils printed one at a time need none (./pdf.ts,
 * FINISH_APART_BYTES). Threads start when a large print first needs one, and end with the print
 * tabs that own them (`PrintTabs`).
 */
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FinishInput, FinishOutput } from './pdf-finish.ts';
import type { FinishReply, FinishRequest } from './pdf-finish-worker.ts';

/** ./pdf-finish-worker, as this module runs: TypeScript in the repository, JavaScript once compiled. */
const WORKER = join(import.meta.dirname, basename(import.meta.filename).replace(/^pdf-finishers\./, 'pdf-finish-worker.'));

export class Finishers {
  readonly #size: number;
  readonly #threads: { worker: Worker; busy: boolean }[] = [];
  readonly #waiting: { request: FinishRequest; resolve: (output: FinishOutput) => void; reject: (error: Error) => void }[] = [];
  readonly #pending = new Map<number, { resolve: (output: FinishOutput) => void; reject: (error: Error) => void; thread: { worker: Worker; busy: boolean } }>();
  #next = 0;
  #closed = false;

  /** `size`: threads at most, each started when first needed. */
  constructor(size: number) {
    this.#size = size;
  }

  finish(raw: Uint8Array, input: FinishInput): Promise<FinishOutput> {
    if (this.#closed) return Promise.reject(new Error('Les fils de finition des PDF sont fermés.'));
    return new Promise((resolve, reject) => {
      this.#waiting.push({ request: { id: this.#next++, raw, input }, resolve, reject });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const gone = new Error('Les fils de finition des PDF ont été fermés avant la fin.');
    for (const waiting of this.#waiting.splice(0)) waiting.reject(gone);
    await Promise.all(this.#threads.splice(0).map(({ worker }) => worker.terminate()));
  }

  #spawn(): { worker: Worker; busy: boolean } {
    // Without the options Node was started with: some are none of a thread's (`--input-type`
    // with `-e` stopped it at once), and V8's memory options are the process's, threads included.
    const thread = { worker: new Worker(WORKER, { execArgv: [] }), busy: false };
    // A thread with nothing to do does not keep the process alive.
    thread.worker.unref();
    thread.worker.on('message', (reply: FinishReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      thread.busy = false;
      if ('error' in reply) pending.reject(new Error(`La finition d’un PDF a échoué : ${reply.error}`));
      else pending.resolve(reply.output);
      this.#dispatch();
    });
    const fail = (error: Error) => {
      // Whatever it was finishing fails with it; the others go to the remaining threads.
      const index = this.#threads.indexOf(thread);
      if (index >= 0) this.#threads.splice(index, 1);
      for (const [id, pending] of this.#pending) {
        if (pending.thread !== thread) continue;
        this.#pending.delete(id);
        pending.reject(new Error(`La finition d’un PDF s’est arrêtée : ${error.message}`));
      }
      this.#dispatch();
    };
    thread.worker.on('error', fail);
    thread.worker.on('exit', (code) => {
      if (!this.#closed) fail(new Error(`fil arrêté (code ${code})`));
    });
    this.#threads.push(thread);
    return thread;
  }

  #dispatch(): void {
    while (this.#waiting.length) {
      const thread = this.#threads.find((t) => !t.busy) ?? (this.#threads.length < this.#size && !this.#closed ? this.#spawn() : undefined);
      if (!thread) return;
      const { request, resolve, reject } = this.#waiting.shift()!;
      thread.busy = true;
      // While it works, the thread keeps the process alive.
      thread.worker.ref();
      this.#pending.set(request.id, {
        resolve: (output) => {
          thread.worker.unref();
          resolve(output);
        },
        reject: (error) => {
          thread.worker.unref();
          reject(error);
        },
        thread,
      });
      thread.worker.postMessage(request);
    }
  }
}

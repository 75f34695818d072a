// @ts-check
/// <reference lib="webworker" />
/*
 * econsec engine worker, part 1: streams. The runtime's downloads pass through watched(), which
 * reports progress (the page's start deadline counts inactivity) and, with a deadline, fails a
 * download that stalls (the snapshot's: the page then starts without it). Joined before
 * engine-worker.js (econsec.build.scripts), whose `M` and progressed() these use.
 */

/** @param {ArrayBuffer} buffer */
const streamOf = (buffer) =>
  // Not Blob.stream(): WebKit cannot read a Blob in a worker opened from file:// (NotReadableError).
  new ReadableStream({
    start(controller) {
      controller.enqueue(new Uint8Array(buffer));
      controller.close();
    },
  });

/**
 * The stream's chunks, passed on, each one reported as progress. With `idleMs`, a gap of that
 * long between chunks (a stalled download) fails the stream.
 * @param {ReadableStream<Uint8Array>} stream
 * @param {string} what
 * @param {number} [idleMs]
 */
function watched(stream, what, idleMs) {
  /** @type {number | undefined} */
  let timer;
  /** @param {TransformStreamDefaultController<Uint8Array>} controller */
  const arm = (controller) => {
    if (!idleMs) return;
    clearTimeout(timer);
    const error = new Error(format(M.stalled, { what, seconds: idleMs / 1000 }));
    timer = setTimeout(() => controller.error(error), idleMs);
  };
  return stream.pipeThrough(
    new TransformStream({
      start: arm,
      transform(chunk, controller) {
        progressed();
        arm(controller);
        controller.enqueue(chunk);
      },
      flush: () => clearTimeout(timer),
    }),
  );
}

/**
 * The response with its body watched (see watched); status and headers kept (the wasm's type).
 * @param {Response} response
 * @param {string} what
 * @param {number} [idleMs]
 */
const watchedResponse = (response, what, idleMs) =>
  response.body
    ? new Response(watched(response.body, what, idleMs), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      })
    : response;

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} message
 * @returns {Promise<T>}
 */
function withDeadline(promise, ms, message) {
  /** @type {number | undefined} */
  let timer;
  const late = new Promise((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, late])).finally(() => clearTimeout(timer));
}

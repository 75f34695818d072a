// page.evaluate(): change the first item's answer `changes` times, alternating no/yes so that the
// score changes each time, and return the latency of each change in milliseconds: from the input
// event (a capture listener on document runs before the widget's own listeners) to the
// MutationObserver callback that sees the new data-value on [data-result="score"].
// With `ahead` false, the bridge's scoring ahead is turned off for these changes.
// It also splits each change, when the widget calls window.EconsecEngine.score(): input -> call
// (the widget's own work, e.g. saving), call -> promise settled (the worker round trip, Python
// included), settled -> new score in the DOM (rendering). The wrapper only adds a side branch to
// the returned promise, so the widget's own continuation is not delayed.
async ({ changes, timeoutMs, pauseMs, ahead = true }) => {
  const item = document.querySelector("[data-item]");
  const scoreNow = () => {
    const el = document.querySelector('[data-result="score"]');
    return el ? el.getAttribute("data-value") : null;
  };
  let inputAt = null;
  const onInput = (e) => {
    if (e.target.closest?.("[data-item]")) inputAt = performance.now();
  };
  document.addEventListener("input", onInput, true);
  let callAt = null;
  let settledAt = null;
  let lastCall = null;
  const api = window.EconsecEngine;
  // ahead=false: scoring ahead off (EconsecEngine.scoreAhead), so each change goes to the worker.
  const aheadBefore = api ? api.scoreAhead : undefined;
  if (api && "scoreAhead" in api) api.scoreAhead = ahead;
  const original = api?.score;
  if (original) {
    api.score = function (...args) {
      callAt = performance.now();
      const p = original.apply(this, args);
      Promise.resolve(p).then(
        () => {
          settledAt = performance.now();
          lastCall = api.lastCall || null; // the bridge's split of this call (worker timestamps)
        },
        () => (settledAt = performance.now()),
      );
      return p;
    };
  }
  // The first frame after the click: when its requestAnimationFrame callbacks ran (the frame's
  // start) and when a task posted from there ran (after the frame's style, layout and paint).
  let frameStart = null;
  let frameEnd = null;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    if (frameEnd === null) frameEnd = performance.now();
  };
  const watchFrame = () =>
    requestAnimationFrame(() => {
      frameStart = performance.now();
      channel.port2.postMessage(0);
    });
  // Start with the answer the item does not have (a second pass starts where the first ended).
  const firstNo = !item.querySelector('input[type="radio"][value="no"]').checked;
  const samples = [];
  const split = [];
  try {
    for (let i = 0; i < changes; i += 1) {
      const value = (i % 2 === 0) === firstNo ? "no" : "yes";
      const before = scoreNow();
      inputAt = null;
      callAt = null;
      settledAt = null;
      lastCall = null;
      frameStart = null;
      frameEnd = null;
      const changed = new Promise((resolve, reject) => {
        // Observe the whole document: the widget may replace the score element when it renders.
        const mo = new MutationObserver(() => {
          if (scoreNow() !== before) {
            mo.disconnect();
            clearTimeout(timer);
            resolve(performance.now());
          }
        });
        const timer = setTimeout(() => {
          mo.disconnect();
          reject(new Error(`change ${i} (${value}): score stayed ${before}`));
        }, timeoutMs);
        mo.observe(document, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ["data-value"],
        });
      });
      item.querySelector(`input[type="radio"][value="${value}"]`).click();
      watchFrame();
      const at = await changed;
      // Wait for the frame's end task too when the score came first (it is recorded, not timed).
      for (let k = 0; k < 20 && frameEnd === null; k += 1) await new Promise((r) => setTimeout(r, 5));
      if (inputAt === null) throw new Error("the click fired no input event");
      samples.push(at - inputAt);
      if (callAt !== null && settledAt !== null) {
        const since = (t) => (t === null || t === undefined ? null : t - inputAt);
        split.push({
          toCall: callAt - inputAt,
          engine: settledAt - callAt,
          render: at - settledAt,
          call: lastCall, // the bridge's split (page -> worker, Python, worker -> page, parse)
          // On one clock, ms after the input event: worker reply ready, reply handled, frame.
          replied: lastCall ? since(lastCall.replied) : null,
          arrived: lastCall ? since(lastCall.arrived) : null,
          frameStart: since(frameStart),
          frameEnd: since(frameEnd),
        });
      }
      // Let the frame render and any follow-up work (saving, chart) finish before the next one.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, pauseMs)));
    }
  } finally {
    channel.port1.close();
    document.removeEventListener("input", onInput, true);
    if (original) api.score = original;
    if (api && "scoreAhead" in api) api.scoreAhead = aheadBefore;
  }
  return { samples, split };
}

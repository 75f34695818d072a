// page.evaluate(): change the first item's answer `changes` times, alternating no/yes so that the
// score changes each time, and return the latency of each change in milliseconds: from the input
// event (a capture listener on document runs before the widget's own listeners) to the
// MutationObserver callback that sees the new data-value on [data-result="score"].
// It also splits each change, when the widget calls window.EconsecEngine.score(): input -> call
// (the widget's own work, e.g. saving), call -> promise settled (the worker round trip, Python
// included), settled -> new score in the DOM (rendering). The wrapper only adds a side branch to
// the returned promise, so the widget's own continuation is not delayed.
async ({ changes, timeoutMs, pauseMs }) => {
  const item = document.querySelector("[data-item]");
  const scoreNow = () => {
    const el = document.querySelector('[data-result="score"]');
    return el ? el.getAttribute("data-value") : null;
  };
  let inputAt = null;
  const onInput = (e) => {
    if (e.target.closest && e.target.closest("[data-item]")) inputAt = performance.now();
  };
  document.addEventListener("input", onInput, true);
  let callAt = null;
  let settledAt = null;
  const api = window.EconsecEngine;
  const original = api && api.score;
  if (original) {
    api.score = function (...args) {
      callAt = performance.now();
      const p = original.apply(this, args);
      Promise.resolve(p).then(
        () => (settledAt = performance.now()),
        () => (settledAt = performance.now()),
      );
      return p;
    };
  }
  const samples = [];
  const split = [];
  try {
    for (let i = 0; i < changes; i += 1) {
      const value = i % 2 === 0 ? "no" : "yes";
      const before = scoreNow();
      inputAt = null;
      callAt = null;
      settledAt = null;
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
      const at = await changed;
      if (inputAt === null) throw new Error("the click fired no input event");
      samples.push(at - inputAt);
      if (callAt !== null && settledAt !== null) {
        split.push({ toCall: callAt - inputAt, engine: settledAt - callAt, render: at - settledAt });
      }
      // Let the frame render and any follow-up work (saving, chart) finish before the next one.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, pauseMs)));
    }
  } finally {
    document.removeEventListener("input", onInput, true);
    if (original) api.score = original;
  }
  return { samples, split };
}

// Installed as a Playwright init script, so it runs before any script of the page. All times are
// performance.now(), i.e. milliseconds since the navigation started.
//
// - usable: the first frame (requestAnimationFrame, so render-blocking CSS has been applied) in
//   which the first item's first answer is attached, enabled and visible — the moment a person
//   could click it.
// - At that moment it answers the item (input.click(), which fires click, input and change like a
//   real click) and records `clicked`.
// - scored: when [data-result="score"] gets a non-empty data-value after that click.
// - engine: each change of the root's data-engine (loading|ready|error) with its time.
// - reclicks: the answer is server-rendered, so it can be clicked before the widget's script has
//   run; if the widget then unchecks it (restoring saved answers), the answer is given again in
//   the next frame, as a person would, and counted here. Non-zero means early clicks are lost.
// - wired: when the widget marked the root (class econsec-js), for the profile.
(() => {
  "use strict";
  const b = {
    usable: null,
    clicked: null,
    scored: null,
    scoreValue: null,
    engine: [],
    reclicks: 0,
    wired: null,
    error: null,
  };
  window.__econsecBench = b;

  function shown(el) {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  }

  // A radio may be styled away and answered through its label; either counts as clickable.
  function clickable(input) {
    if (!input.isConnected || input.matches(":disabled")) return false;
    return shown(input) || Array.from(input.labels || []).some(shown);
  }

  function firstAnswer() {
    const item = document.querySelector("[data-item]");
    if (!item) return null;
    return (
      item.querySelector('input[type="radio"][value="yes"]') ||
      item.querySelector('input[type="radio"]')
    );
  }

  let valueAtClick = null;

  function onFrame() {
    const input = firstAnswer();
    if (input && clickable(input)) {
      b.usable = performance.now();
      const score = document.querySelector('[data-result="score"]');
      valueAtClick = score ? score.getAttribute("data-value") : null;
      b.clicked = performance.now();
      input.click();
      checkScore();
      requestAnimationFrame(keepAnswered);
      return;
    }
    requestAnimationFrame(onFrame);
  }
  requestAnimationFrame(onFrame);

  function keepAnswered() {
    if (b.scored !== null) return;
    const input = firstAnswer();
    if (input && !input.checked && clickable(input)) {
      b.reclicks += 1;
      input.click();
    }
    requestAnimationFrame(keepAnswered);
  }

  function checkScore() {
    if (b.clicked === null || b.scored !== null) return;
    const score = document.querySelector('[data-result="score"]');
    const v = score ? score.getAttribute("data-value") : null;
    if (v !== null && v !== "" && v !== valueAtClick) {
      b.scored = performance.now();
      b.scoreValue = v;
    }
  }

  function checkEngine() {
    const root = document.querySelector("[data-checklist]");
    const state = root ? root.getAttribute("data-engine") : null;
    if (root && b.wired === null && root.classList.contains("econsec-js")) b.wired = performance.now();
    const last = b.engine.length ? b.engine[b.engine.length - 1][0] : null;
    if (state !== null && state !== last) b.engine.push([state, performance.now()]);
  }

  // MutationObserver callbacks run as microtasks right after the task that changed the DOM, so
  // `scored` is not delayed until the next frame.
  // Disconnected once the score is there, so it adds nothing to the re-score measurement.
  const observer = new MutationObserver(() => {
    checkEngine();
    checkScore();
    if (b.scored !== null) observer.disconnect();
  });
  observer.observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["data-value", "data-engine", "class"],
  });

  window.addEventListener("error", (e) => {
    b.error = b.error || String(e.message || (e.error?.message) || e.type);
  });
})();

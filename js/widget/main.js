/*
 * econsec widget, part 13 (last): start. On a page without a self-check root nothing happens;
 * else the engine starts first (it downloads in parallel), then every root becomes a widget.
 */

const roots = Array.from(document.querySelectorAll("[data-checklist]"));
if (roots.length) {
  let ui = null;
  try {
    ui = readUi(roots[0]);
    openStorage(ui.rules);
  } catch (err) {
    for (const root of roots) {
      const box = root.querySelector('[role="alert"]');
      if (box) box.textContent = errorText(err);
    }
    throw err;
  }
  engine.start(ui.text);
  for (const root of roots) {
    try {
      const widget = new Widget(root);
      WIDGETS.push(widget);
      widget.init();
    } catch (err) {
      const box = root.querySelector('[role="alert"]');
      if (box) box.textContent = errorText(err);
      throw err;
    }
  }
}
// The page that combines answers files (combine.js) uses the engine without a self-check.
const combineRoots = Array.from(document.querySelectorAll("[data-combine]"));
if (combineRoots.length) {
  const ui = readUi(combineRoots[0]);
  if (!roots.length) engine.start(ui.text);
  for (const root of combineRoots) new CombinePage(root).init();
}
// The shared-device switch is on pages without a self-check too (the start page).
setupSharedSwitches(roots.length ? readUi(roots[0]) : null);

/*
 * econsec widget, part 3: the scoring engine as the widget sees it (window.EconsecEngine,
 * defined by assets/econsec/engine-bridge.js; ARCHITECTURE.md has its contract).
 */

const engine = {
  state: "loading",
  detail: "",
  listeners: new Set(),
  api: null,
  text: null, // the strings for failures to load the bridge (start)
  set(state, detail) {
    if (!["loading", "ready", "error"].includes(state)) return;
    if (state === this.state && state !== "error") return;
    this.state = state;
    this.detail = detail ? String((detail?.message) || detail) : "";
    for (const cb of this.listeners) cb(state);
  },
  attach(api) {
    this.api = api;
    if (typeof api.onState === "function") {
      api.onState((state, detail) => this.set(state, detail));
    }
    if (api.ready && typeof api.ready.then === "function") {
      api.ready.then(
        () => this.set("ready"),
        (err) => this.set("error", err),
      );
    }
    this.set(api.state || "loading", api.error);
  },
  start(text) {
    this.text = text;
    if (window.EconsecEngine) {
      this.attach(window.EconsecEngine);
      return;
    }
    // Checklist pages start the bridge from <head> (overrides/main.html); inject it otherwise.
    let script = document.getElementById("econsec-engine-bridge");
    if (script) {
      // It may already have failed before this script ran, in which case no event will come:
      // a finished fetch without EconsecEngine means it failed; else wait, but not forever.
      const fetched = performance.getEntriesByName(script.src).some((e) => e.responseEnd > 0);
      setTimeout(
        () => {
          if (this.api) return;
          if (window.EconsecEngine) this.attach(window.EconsecEngine);
          else this.set("error", text.bridge_missing);
        },
        fetched ? 1500 : 65000,
      );
    } else {
      script = document.createElement("script");
      script.src = `${SITE_ROOT}/assets/econsec/engine-bridge.js?v=${encodeURIComponent(BUILD)}`;
      script.async = true;
      document.head.appendChild(script);
    }
    script.addEventListener("load", () => {
      if (window.EconsecEngine) this.attach(window.EconsecEngine);
      else this.set("error", text.bridge_undefined);
    });
    script.addEventListener("error", () => this.set("error", text.bridge_missing));
  },
};

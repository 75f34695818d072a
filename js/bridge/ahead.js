// @ts-check
/*
 * econsec engine bridge, part 2: scoring ahead (re-score latency).
 *
 * A click's own frame (style, layout and paint of this long
 * page, 10-15 ms on a busy 2-core machine) starts 1-3 ms after the input, before the worker can
 * answer, and the page handles the worker's reply only after that frame: measured, that wait
 * was most of a re-score. So after each score the worker also scores, in small batches while it
 * is otherwise idle, every answer set one change away (each item given each other answer), and
 * score() answers those from memory at once: the widget then renders the new score in the
 * click's own frame. A remembered result is what the engine returned for exactly that
 * definition and those answers (keys in a fixed order), so it is never a guess.
 */

const AHEAD_BATCH = 8; // answer sets per worker call: a real call never waits behind many
const AHEAD_LIMIT = 2000; // remembered results (about 1 KB each), oldest dropped first
/** @typedef {Record<string, unknown>} Answers */
const ahead = {
  defJson: "",
  /** @type {{answers?: unknown, items?: unknown} | null} */
  def: null,
  /** @type {Map<string, string>} canonical answers JSON -> result JSON */
  results: new Map(),
  /** @type {string | null} the answers whose neighbours are being scored */
  base: null,
  run: 0,
  /**
   * @param {string} defJson
   * @param {string} key
   */
  get(defJson, key) {
    return defJson === this.defJson ? this.results.get(key) : undefined;
  },
  /**
   * @param {string} key
   * @param {string} value
   */
  put(key, value) {
    this.results.delete(key);
    this.results.set(key, value);
    const oldest = this.results.keys().next();
    if (this.results.size > AHEAD_LIMIT && !oldest.done) this.results.delete(oldest.value);
  },
};

/** @param {Answers} answers */
function canonical(answers) {
  return JSON.stringify(
    Object.keys(answers)
      .sort()
      .map((id) => [id, answers[id]]),
  );
}

/**
 * @param {{answers?: unknown, items?: unknown}} def
 * @param {Answers} answers
 * @returns {{set: Answers, key: string}[]}
 */
function neighbours(def, answers) {
  const values = Array.isArray(def.answers) ? def.answers.filter((v) => typeof v === "string") : [];
  const out = [];
  for (const item of Array.isArray(def.items) ? def.items : []) {
    const id = item?.id;
    if (typeof id !== "string") continue;
    const current = answers[id];
    const now = current && typeof current === "object" ? /** @type {{value?: unknown}} */ (current).value : current;
    for (const value of values) {
      if (value === now) continue;
      const next = current && typeof current === "object" ? { ...current, value } : value;
      const set = { ...answers, [id]: next };
      out.push({ set, key: canonical(set) });
    }
  }
  return out;
}

/**
 * @param {string} defJson
 * @param {Answers} answers
 * @param {string} key
 */
function scoreAhead(defJson, answers, key) {
  if (api.state !== "ready" || !api.scoreAhead) return;
  if (ahead.defJson !== defJson) {
    let def;
    try {
      def = JSON.parse(defJson);
    } catch (_err) {
      return;
    }
    Object.assign(ahead, { defJson, def, results: new Map(), base: null });
  }
  if (ahead.base === key) return; // already scored (or being scored) from these answers
  ahead.base = key;
  const run = ++ahead.run; // a newer answer set stops this one's remaining batches
  const todo = neighbours(ahead.def || {}, answers).filter((n) => !ahead.results.has(n.key));
  const next = () => {
    if (run !== ahead.run || api.state !== "ready" || !todo.length) return;
    const batch = todo.splice(0, AHEAD_BATCH);
    request("scoreMany", defJson, JSON.stringify(batch.map((n) => n.set))).then((results) => {
      if (ahead.defJson !== defJson || !Array.isArray(results)) return;
      batch.forEach((n, i) => {
        if (results[i] && typeof results[i] === "object") ahead.put(n.key, JSON.stringify(results[i]));
      });
      next();
    }, () => {});
  };
  next();
}

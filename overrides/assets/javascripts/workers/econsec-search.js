/*
 * econsec: Japanese queries for Material's search worker.
 *
 * The Japanese search index is segmented at build time (econsec/search_ja.py): every Japanese
 * word is separated by U+200B, which the search separator splits on. This wrapper cuts a
 * Japanese query into the index's own words, so that 「コア技術」 becomes `+コア +技術*` and finds
 * the pages that contain both words. Everything else is Material's worker, unchanged:
 *
 *   1. our "message" listener is registered first, so it sees every message before Material's;
 *   2. SETUP (the index): collect the Japanese words of the index and how often they occur;
 *   3. QUERY (the typed text): rewrite Japanese runs in place; Material then handles the query.
 *
 * Over http:// SETUP waits for the first real query (see LAZY).
 *
 * The page config (overrides/main.html) names this file with Material's hashed worker file as
 * the query string: `econsec-search.js?search.<hash>.min.js`. The file sits next to Material's
 * worker so that Material's relative paths (../lunr, and the iframe-worker shim's base lookup
 * `src.split("/worker")`) resolve exactly as for Material's own worker. Classic script, no
 * modules: it runs in a Worker over http:// and inside the iframe-worker shim on file://.
 */
;(function () {
  "use strict"

  /* Material's SearchMessageType: SETUP 0, READY 1, QUERY 2, RESULT 3 */
  var SETUP = 0
  var READY = 1
  var QUERY = 2
  var RESULT = 3

  /* A run of Japanese: kanji (incl. 々〆〇), hiragana, katakana, ー (Script=Common) */
  var JA_RUN = /([+-]?)([\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc\uff70]+)/gu
  var JA_WORD = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc\uff70]+$/u
  var HAN = /\p{sc=Han}/u
  var PARTICLE = /^\p{sc=Hiragana}$/u
  var TAG = /<[^>]*>/g

  /* Cost of one segment: fewer segments first, then more frequent words */
  var SEGMENT = 1000
  var PREFIX = 1 /* a last segment that is only the start of a word */
  var UNKNOWN = 100000 /* a character in no word of the index: the query finds nothing */

  var words = null /* Map: word -> number of occurrences */
  var prefixes = null /* Set: every proper prefix of a word */
  var longest = 0

  /* Collect the Japanese words of the index (split like Material's tokenizer) */
  function collect(index) {
    var separator = new RegExp(index.config.separator)
    words = new Map()
    prefixes = new Set()
    longest = 0
    var docs = index.docs || []
    for (var d = 0; d < docs.length; d++) {
      var fields = [docs[d].title, docs[d].text]
      for (var f = 0; f < fields.length; f++) {
        if (typeof fields[f] !== "string") continue
        var parts = fields[f].replace(TAG, " ").split(separator)
        for (var p = 0; p < parts.length; p++) {
          var word = parts[p].toLowerCase()
          if (!word || !JA_WORD.test(word)) continue
          words.set(word, (words.get(word) || 0) + 1)
        }
      }
    }
    words.forEach(function (_, word) {
      var chars = Array.from(word)
      if (chars.length > longest) longest = chars.length
      for (var i = 1; i < chars.length; i++) prefixes.add(chars.slice(0, i).join(""))
    })
  }

  /* Cut a Japanese run into the fewest index words (DP over code points) */
  function cut(run) {
    var chars = Array.from(run.toLowerCase())
    var n = chars.length
    var best = [{ cost: 0, from: -1, kind: "" }]
    for (var i = 1; i <= n; i++) best.push({ cost: Infinity, from: -1, kind: "" })
    for (i = 0; i < n; i++) {
      if (best[i].cost === Infinity) continue
      var found = false
      for (var j = i + 1; j <= n && j - i <= longest; j++) {
        var word = chars.slice(i, j).join("")
        var cost = Infinity
        var kind = ""
        if (words.has(word)) {
          cost = best[i].cost + SEGMENT - Math.log(1 + words.get(word))
          kind = "word"
        } else if (j === n && prefixes.has(word)) {
          cost = best[i].cost + SEGMENT + PREFIX
          kind = "prefix"
        }
        if (cost < best[j].cost) {
          best[j] = { cost: cost, from: i, kind: kind }
          found = true
        }
      }
      /* No word starts here: take the character alone (it matches nothing) */
      if (!found && best[i + 1].cost === Infinity)
        best[i + 1] = { cost: best[i].cost + UNKNOWN, from: i, kind: "unknown" }
    }
    var segments = []
    for (var k = n; k > 0; k = best[k].from)
      segments.unshift({ text: chars.slice(best[k].from, k).join(""), kind: best[k].kind })
    /* Merge neighbouring unknown characters into one (absent) term */
    var merged = []
    for (var s = 0; s < segments.length; s++) {
      var last = merged[merged.length - 1]
      if (last && last.kind === "unknown" && segments[s].kind === "unknown") last.text += segments[s].text
      else merged.push(segments[s])
    }
    /* Particles (one hiragana) make the query stricter than the user means: drop them */
    var kept = merged.filter(function (seg) {
      return !(seg.kind === "word" && PARTICLE.test(seg.text))
    })
    return kept.length ? kept : merged
  }

  /*
   * Write a term so that Material's own Han segmentation (it re-cuts every run of kanji in the
   * query with a greedy lookup) leaves it alone: lunr's query parser drops a backslash before a
   * character, so `技\術` is the term 技術 while Material sees two runs of one kanji each.
   */
  function escapeTerm(term) {
    var out = ""
    var chars = Array.from(term)
    for (var i = 0; i < chars.length; i++)
      out += (i > 0 && HAN.test(chars[i]) ? "\\" : "") + chars[i]
    return out
  }

  /*
   * Rewrite the Japanese runs of a query; ASCII words are left to Material. A run written as
   * `-語` excludes pages with its words; quotes add nothing (every word is required already).
   */
  function rewrite(query) {
    JA_RUN.lastIndex = 0
    if (!JA_RUN.test(query)) return query
    return query.replace(/"/g, " ").replace(JA_RUN, function (_, modifier, run, offset, whole) {
      var before = ""
      if (modifier && offset > 0 && !/\s/.test(whole.charAt(offset - 1))) {
        before = modifier /* "AI-技術": a hyphen inside a word, not an operator */
        modifier = ""
      }
      var segments = cut(run)
      var terms = segments.map(function (seg, i) {
        var wildcard = i === segments.length - 1 && modifier !== "-" ? "*" : ""
        return (modifier === "-" ? "-" : "+") + escapeTerm(seg.text) + wildcard
      })
      return before + " " + terms.join(" ") + " "
    }).replace(/\s+/g, " ").trim()
  }

  /*
   * Over http:// the index is built only when the user first searches, not at every page load
   * as Material does (no instant navigation here): that load competed with the page itself and
   * with the scoring engine's start, for a search most page views never make (the figures are
   * in ARCHITECTURE.md, "Search (Japanese)").
   * SETUP is held back and READY answered at once (Material sends queries only after READY);
   * empty queries (Material sends one on READY) get an empty result; the first real query
   * releases SETUP to Material's listener, and that query (and any typed meanwhile) follows
   * once Material's own READY is in, which is not passed on (the page has had one).
   * From file:// Material itself sends SETUP only when the search dialog opens: nothing to hold
   * (there this runs in the iframe-worker shim's frame, which has a document).
   */
  var LAZY = typeof document === "undefined" && self.location.protocol !== "file:"
  var held = null /* the SETUP message, until the first real query */
  var queued = null /* queries that arrived while Material builds the index */
  var releasing = false

  function release() {
    var setup = held
    held = null
    queued = []
    var post = self.postMessage
    self.postMessage = function (message, ...rest) {
      if (message && message.type === READY && queued) {
        self.postMessage = post
        var waiting = queued
        queued = null
        for (var i = 0; i < waiting.length; i++)
          self.dispatchEvent(new MessageEvent("message", { data: waiting[i] }))
        return
      }
      return post.call(self, message, ...rest)
    }
    releasing = true
    try {
      self.dispatchEvent(new MessageEvent("message", { data: setup }))
    } finally {
      releasing = false
    }
  }

  addEventListener("message", function (ev) {
    var message = ev.data
    if (!message || typeof message !== "object") return
    try {
      if (LAZY && !releasing) {
        if (message.type === SETUP && message.data && message.data.config && !words) {
          ev.stopImmediatePropagation()
          held = message
          postMessage({ type: READY })
          return
        }
        if (message.type === QUERY && (held || queued)) {
          ev.stopImmediatePropagation()
          if (held && !(typeof message.data === "string" && message.data.trim())) {
            postMessage({ type: RESULT, data: { items: [] } })
            return
          }
          if (held) release()
          if (queued) queued.push(message)
          else self.dispatchEvent(new MessageEvent("message", { data: message }))
          return
        }
      }
      if (message.type === SETUP && message.data && message.data.config) {
        collect(message.data)
      } else if (message.type === QUERY && typeof message.data === "string" && words) {
        message.data = rewrite(message.data) /* the same object reaches Material's listener */
      }
    } catch (err) {
      console.warn("econsec search: query left unchanged", err)
    }
  })

  /* Expose for tests and debugging */
  self.econsecSearch = { rewrite: rewrite, cut: cut, collect: collect }

  /*
   * Load Material's worker, named in our own URL's query string. In a Worker, importScripts is
   * synchronous; under the iframe-worker shim (file://) it returns a Promise and the shim holds
   * messages back until the iframe has loaded, so Material's listener is there in time.
   */
  var own = typeof document !== "undefined" && document.currentScript
    ? document.currentScript.src
    : self.location.href
  var material = own.split("?")[1] || ""
  material = material.split(/[?&#]/)[0]
  if (!material) throw new Error("econsec search: no Material worker named in " + own)
  importScripts(new URL(material, own).href)
})()

/*
 * econsec widget, part 1: page facts, string formatting and DOM helpers.
 *
 * The widget's files (js/widget/*.js, in the order econsec.build.scripts.WIDGET lists them) are
 * classic scripts sharing one scope: the build joins them into assets/econsec/checklist.js
 * inside one function, so nothing leaks into the page (ARCHITECTURE.md, "Browser").
 *
 * Strings and rules are not defined here: every self-check root carries them as JSON
 * (script[data-econsec-ui], written by econsec.mdext.widget_config from Python); format()
 * (js/common/format.js, joined in before this file) fills in their templates.
 */

const meta = (name) => {
  const node = document.querySelector(`meta[name="${name}"]`);
  return node ? node.getAttribute("content") : null;
};
const LANG = meta("econsec-lang") === "en" ? "en" : "ja";
const BUILD = meta("econsec-build") || "";
const SITE_ROOT = (meta("econsec-root") || ".").replace(/\/+$/, "") || ".";
const NOTE_SAVE_DELAY = 400;

/** The strings and rules of a root (econsec.mdext.widget_config). */
const readUi = (root) => {
  const node = root.querySelector("script[data-econsec-ui]");
  if (!node) throw new Error("script[data-econsec-ui] is missing: rebuild the page");
  return JSON.parse(node.textContent);
};

/** A {ja, en} text in the page language (falls back to the other one), or a plain string. */
const tr = (v) => {
  if (v && typeof v === "object") return String(v[LANG] || v.ja || v.en || "");
  return v == null ? "" : String(v);
};
/**
 * A map keyed by item ids: no prototype, so that an id such as "constructor" or "__proto__" is
 * an ordinary key (a plain {} would answer "constructor" with Object, and drop "__proto__").
 */
const dict = (...sources) => Object.assign(Object.create(null), ...sources);
const pad = (n) => String(n).padStart(2, "0");
const localDate = (d = new Date()) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
/** A score as the page shows it (one decimal at most), or null. */
const decimal = (v) => (v == null ? null : String(Math.round(Number(v) * 10) / 10));
const errorText = (err) => String((err?.message) || err);

const el = (tag, attrs, text) => {
  const node = document.createElement(tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text != null) node.textContent = text;
  return node;
};
const SVG_NS = "http://www.w3.org/2000/svg";
const svg = (tag, attrs, text) => {
  const node = document.createElementNS(SVG_NS, tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text != null) node.textContent = text;
  return node;
};
const clear = (node) => {
  while (node.firstChild) node.removeChild(node.firstChild);
};

// @ts-check
/*
 * econsec: the one string formatter of the widget, the bridge and the worker (the build puts
 * this file first in each of them). Templates come from Python and name their values in braces,
 * as str.format does: format("{count} 項目", {count: 3}) -> "3 項目". A template that differs in
 * the singular is {one, other}, chosen by values.count. A name not given stays as written.
 */

/**
 * @param {string | {one?: string, other: string} | null | undefined} template
 * @param {Record<string, unknown>} [values]
 * @returns {string}
 */
function format(template, values = {}) {
  let text = template;
  if (text && typeof text === "object") text = values.count === 1 && text.one != null ? text.one : text.other;
  return String(text == null ? "" : text).replace(/\{(\w+)\}/g, (whole, name) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

// The throttling check's worker over http:// (bench/js/busy.html): times the busy loop it is sent.
function busy(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.sqrt(i) * 1.0001;
  return s;
}
self.onmessage = (e) => {
  const t = performance.now();
  busy(e.data);
  postMessage(performance.now() - t);
};

// The page's script, as text (it runs in the browser, not in Node). Plain ES2017, no framework:
// it folds the event batches from /events into a small state and redraws at most once a frame.
export const INSPECTOR_SCRIPT = String.raw`
(function () {
  var state = { counts: {}, lanes: new Map(), inFlight: new Map(), failures: [], cost: [], costTotal: 0, log: [] };
  var FAILURES = { failed: 1, deliveryFailed: 1, inputFailed: 1, rejected: 1, chargeFailed: 1 };
  var dirty = false;
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) { var n = document.createElement(tag); if (cls) n.className = cls; if (text != null) n.textContent = String(text); return n; }
  function lane(id) {
    var l = state.lanes.get(id);
    if (!l) { l = { id: id, waiting: 0, running: false, items: [], lastAt: 0, done: 0 }; state.lanes.set(id, l); }
    return l;
  }
  function item(l, e) {
    for (var i = l.items.length - 1; i >= 0; i--) if (l.items[i].id === e.messageId) return l.items[i];
    var it = { id: e.messageId, text: e.text || e.messageId, status: 'waiting' };
    l.items.push(it); if (l.items.length > 12) l.items.shift();
    return it;
  }
  function apply(e) {
    state.counts[e.event] = (state.counts[e.event] || 0) + 1;
    state.log.push(e); if (state.log.length > 60) state.log.shift();
    if (FAILURES[e.event]) { state.failures.push(e); if (state.failures.length > 20) state.failures.shift(); }
    var l = e.conversationId != null ? lane(e.conversationId) : null;
    if (l) l.lastAt = e.at;
    switch (e.event) {
      case 'received': if (l) { l.waiting++; item(l, e); } break;
      case 'rejected': if (l) { l.waiting = Math.max(0, l.waiting - 1); item(l, e).status = 'failed'; } break;
      case 'started':
        if (l) { if (e.attempt === 1) l.waiting = Math.max(0, l.waiting - 1); l.running = true; item(l, e).status = 'running'; }
        state.inFlight.set(e.messageId + '\u0000' + e.conversationId, { since: Date.now(), e: e });
        break;
      case 'replied': case 'noReply': case 'failed':
        if (l) { l.running = false; l.done++; var it = item(l, e); it.status = e.event === 'failed' ? 'failed' : 'done'; if (e.reply) it.reply = e.reply; }
        state.inFlight.delete(e.messageId + '\u0000' + e.conversationId);
        break;
      case 'delivered': if (l) item(l, e).status = 'delivered'; break;
      case 'charged': state.costTotal += e.cost || 0; state.cost.push([e.at, state.costTotal]); if (state.cost.length > 500) state.cost.shift(); break;
    }
  }
  function render() {
    dirty = false;
    var c = state.counts;
    $('counts').textContent = ['received', 'replied', 'noReply', 'failed', 'rejected', 'delivered', 'deliveryFailed'].map(function (k) { return k + ' ' + (c[k] || 0); }).join(' \u00b7 ');
    var lanes = Array.from(state.lanes.values()).sort(function (a, b) { return b.lastAt - a.lastAt; }).slice(0, 100);
    var box = $('lanes'); box.textContent = '';
    lanes.forEach(function (l) {
      var row = el('div', 'lane' + (l.running ? ' running' : ''));
      row.appendChild(el('span', 'conv', l.id));
      row.appendChild(el('span', 'meta', (l.running ? 'running' : 'idle') + (l.waiting ? ', ' + l.waiting + ' waiting' : '') + ', ' + l.done + ' done'));
      var items = el('span', 'items');
      l.items.forEach(function (it) { var chip = el('span', 'chip ' + it.status, it.text); chip.title = it.reply ? it.text + ' \u2192 ' + it.reply : it.text; items.appendChild(chip); });
      row.appendChild(items); box.appendChild(row);
    });
    var fl = $('inflight'); fl.textContent = '';
    state.inFlight.forEach(function (w) { fl.appendChild(el('li', '', w.e.conversationId + ' \u00b7 ' + (w.e.text || w.e.messageId) + ' \u00b7 ' + ((Date.now() - w.since) / 1000).toFixed(1) + ' s')); });
    $('inflight-count').textContent = String(state.inFlight.size);
    var fa = $('failures'); fa.textContent = '';
    state.failures.slice().reverse().forEach(function (e) {
      var why = e.reason ? e.reason + (e.detail ? ': ' + e.detail : '') : e.error ? e.error.name + ': ' + e.error.message : '';
      fa.appendChild(el('li', '', e.event + ' \u00b7 ' + (e.conversationId || e.input || e.output || '') + ' \u00b7 ' + why));
    });
    $('cost-total').textContent = state.costTotal.toFixed(4);
    var pts = state.cost, svg = $('cost');
    if (pts.length > 1) {
      var t0 = pts[0][0], t1 = pts[pts.length - 1][0] || t0 + 1, max = pts[pts.length - 1][1] || 1;
      svg.querySelector('polyline').setAttribute('points', pts.map(function (p) { return ((p[0] - t0) / Math.max(1, t1 - t0) * 300).toFixed(1) + ',' + (60 - p[1] / max * 56).toFixed(1); }).join(' '));
    }
    var lg = $('log'); lg.textContent = '';
    state.log.slice(-30).reverse().forEach(function (e) { lg.appendChild(el('li', 'ev-' + e.event, new Date(e.at).toISOString().slice(11, 23) + ' ' + e.event + ' ' + (e.conversationId || '') + ' ' + (e.text || e.output || e.input || ''))); });
  }
  function schedule() { if (!dirty) { dirty = true; requestAnimationFrame(render); } }
  var source = new EventSource('events');
  source.onopen = function () { $('status').textContent = 'live'; $('status').className = 'live'; };
  source.onerror = function () { $('status').textContent = 'disconnected'; $('status').className = 'down'; };
  source.onmessage = function (m) { JSON.parse(m.data).forEach(apply); schedule(); };
  setInterval(function () { if (state.inFlight.size) schedule(); }, 500);
})();
`;

/* prongsai site search. No request leaves the site: the index is static files beside the
 * manifest named by the form's data-index (a path under the site's base, so a sub-path base
 * works); every other file's name is a hash of its content, listed in the manifest.
 * Nothing is fetched before the search box is used; then the manifest, the shards holding the
 * query's words, and one small file per result shown. The same code runs under node for the
 * relevance tests (module.exports at the end). Format: src/search/mod.rs. */
(function (root) {
  'use strict';

  // ---- The search normal form: mirrors src/search/normalise.rs, character for character. ----
  var SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u0e2f\u0e46]/;
  var INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/;
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  function isTone(c) { return c >= '\u0e48' && c <= '\u0e4b'; }
  function isMark(c) { return c === '\u0e31' || (c >= '\u0e34' && c <= '\u0e3a') || (c >= '\u0e47' && c <= '\u0e4e'); }
  function isWordChar(c) {
    return (c >= '\u0e01' && c <= '\u0e4e' && c !== '\u0e3f' && c !== '\u0e2f' && c !== '\u0e46') ||
      (c >= '\u0300' && c <= '\u036f') || ALNUM.test(c);
  }

  // Fold a text; map[i] is the offset in text.normalize('NFC') of the character that gave out[i].
  function foldMap(text) {
    var src = text.normalize('NFC'), cs = Array.from(src), at = [], p = 0, k;
    for (k = 0; k < cs.length; k++) { at.push(p); p += cs[k].length; }
    var out = '', map = [], last = null;
    function push(c, from) {
      if (isMark(c) && last === c) return;
      last = c;
      var l = c.toLowerCase();
      for (var j = 0; j < l.length; j++) { out += l[j]; map.push(from); }
    }
    for (var i = 0; i < cs.length;) {
      var c = cs[i], n1 = cs[i + 1], n2 = cs[i + 2], from = at[i];
      i += 1;
      if (INVISIBLE.test(c)) continue;
      if (c >= '\u0e50' && c <= '\u0e59') push(String.fromCharCode(c.charCodeAt(0) - 0x0e50 + 48), from);
      else if (SPACE.test(c)) push(' ', from);
      else if (c === '\u0e40' && n1 === '\u0e40') { push('\u0e41', from); i += 1; }
      else if (c === '\u0e4d' && n1 === '\u0e32') { push('\u0e33', from); i += 1; }
      else if (c === '\u0e4d' && n1 && isTone(n1) && n2 === '\u0e32') { push(n1, from); push('\u0e33', from); i += 2; }
      else if (c === '\u0e33' && n1 && isTone(n1)) { push(n1, from); push('\u0e33', from); i += 1; }
      else push(c, from);
    }
    return { s: out, map: map, src: src };
  }
  function fold(text) { return foldMap(text).s; }

  // The index term of a folded token: word characters, and '.' between two digits.
  function term(tok) {
    var cs = Array.from(tok), out = '';
    for (var i = 0; i < cs.length; i++) {
      var c = cs[i];
      if (isWordChar(c) || (c === '.' && /[0-9]$/.test(out) && /^[0-9]$/.test(cs[i + 1] || ''))) out += c;
    }
    return out;
  }

  function startsCluster(cs, i) {
    if (i >= cs.length) return i === cs.length;
    if (i === 0) return true;
    var c = cs[i], lead = function (x) { return x >= '\u0e40' && x <= '\u0e44'; };
    return ((c >= '\u0e01' && c <= '\u0e2e') || lead(c)) && !lead(cs[i - 1]);
  }

  var segmenter = (typeof Intl !== 'undefined' && Intl.Segmenter) ? new Intl.Segmenter('th', { granularity: 'word' }) : null;

  // The runs (text between spaces) of a query, each a list of terms, as the browser segments it.
  function queryRuns(q) {
    return fold(q).split(' ').filter(Boolean).map(function (run) {
      var toks = segmenter ? Array.from(segmenter.segment(run), function (x) { return x.segment; }) : [run];
      return toks.map(term).filter(Boolean);
    }).filter(function (r) { return r.length; });
  }

  // ---- The index files. ----
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', VAL = {};
  for (var b = 0; b < 64; b++) VAL[B64[b]] = b;
  var FORMAT = 2, MAX_JOIN = 4, MAX_PREFIX = 30;

  function decode(s) {
    var docs = [], flags = [], doc = 0, i = 0;
    while (i < s.length) {
      var v = 0, c;
      do { c = VAL[s[i++]]; v = v * 32 + (c & 31); } while (c & 32);
      doc += v; docs.push(doc); flags.push(VAL[s[i++]]);
    }
    return { docs: docs, flags: flags };
  }

  // url: the manifest; the shards and documents are under the folder that holds it.
  function Index(url, fetchText) {
    this.url = url; this.dir = url.slice(0, url.lastIndexOf('/') + 1);
    this.fetchText = fetchText; this.meta = null; this.shards = {}; this.decoded = {};
  }
  Index.prototype.load = function () {
    var self = this;
    if (!this.loading) {
      this.loading = this.fetchText(this.url).then(function (t) {
        var m = JSON.parse(t);
        if (m.format !== FORMAT) throw new Error('format');
        m.kindOf = new Int8Array(m.n); m.yearOf = new Int16Array(m.n);
        m.groups.forEach(function (g) { m.kindOf.fill(g[0], g[2], g[2] + g[3]); m.yearOf.fill(g[1], g[2], g[2] + g[3]); });
        m.stopSet = new Set(m.stop);
        self.meta = m;
        return m;
      });
      this.loading.catch(function () { self.loading = null; });
    }
    return this.loading;
  };
  Index.prototype.shardOf = function (t) {
    var a = this.meta.shards, lo = 0, hi = a.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (a[mid] <= t) lo = mid; else hi = mid - 1; }
    return lo;
  };
  Index.prototype.shard = function (n) {
    var self = this;
    if (!this.shards[n]) {
      this.shards[n] = this.fetchText(this.dir + 's/' + this.meta.shard_ids[n] + '.txt').then(function (text) {
        var terms = [], post = new Map();
        text.split('\n').forEach(function (line) {
          var tab = line.indexOf('\t');
          if (tab > 0) { var t = line.slice(0, tab); terms.push(t); post.set(t, line.slice(tab + 1)); }
        });
        return { terms: terms, post: post };
      });
      this.shards[n].catch(function () { delete self.shards[n]; });
    }
    return this.shards[n];
  };
  // The file of document d (after load).
  Index.prototype.docUrl = function (d) {
    return this.dir + 'd/' + d + '-' + this.meta.doc_ids[Math.floor(d / this.meta.doc_block)] + '.json';
  };
  Index.prototype.lookup = function (t) {
    return this.shard(this.shardOf(t)).then(function (s) { return s.post.has(t); });
  };
  Index.prototype.postings = function (t) {
    var self = this;
    if (this.decoded[t]) return Promise.resolve(this.decoded[t]);
    return this.shard(this.shardOf(t)).then(function (s) {
      var p = s.post.get(t);
      return (self.decoded[t] = p === undefined ? { docs: [], flags: [] } : decode(p));
    });
  };
  // Terms that start with p (not p itself), the most frequent first; at most two shards are read.
  Index.prototype.prefixed = function (p) {
    var self = this, n = this.shardOf(p), found = [];
    function scan(k, left) {
      return self.shard(k).then(function (s) {
        var a = s.terms, lo = 0, hi = a.length;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < p) lo = mid + 1; else hi = mid; }
        for (var i = lo; i < a.length && a[i].startsWith(p); i++) if (a[i] !== p) found.push([a[i], s.post.get(a[i]).length]);
        var next = self.meta.shards[k + 1];
        if (left > 1 && next !== undefined && next.startsWith(p)) return scan(k + 1, left - 1);
      });
    }
    return scan(n, 2).then(function () {
      found.sort(function (x, y) { return y[1] - x[1]; });
      return found.slice(0, MAX_PREFIX).map(function (x) { return x[0]; });
    });
  };

  // ---- Queries. ----
  // The browser's segmenter splits finer than the index's (newmm keeps compounds whole), so a
  // run of query pieces is covered by index terms: adjacent pieces are joined when the joined
  // string is a term, the fewest terms winning (stop words cost little). Returns [start, end)s.
  function cover(toks, ok, stop, maxJoin) {
    var n = toks.length, best = [{ c: 0, prev: -1 }], i, j, cuts = [];
    for (j = 1; j <= n; j++) {
      best[j] = { c: Infinity, prev: -1 };
      for (i = Math.max(0, j - maxJoin); i < j; i++) {
        var piece = toks.slice(i, j).join('');
        var c = (j - i === 1 && stop.has(piece)) ? 0.2 : ok(piece, j === n) ? 1 : (j - i === 1 ? 4 : Infinity);
        if (best[i].c + c < best[j].c) best[j] = { c: best[i].c + c, prev: i };
      }
    }
    for (j = n; j > 0; j = best[j].prev) cuts.unshift([best[j].prev, j]);
    return cuts;
  }

  // A query is a list of clauses (one per word); each clause has alternatives, each a set of
  // terms that must all be in the document, with a weight: the word itself (1), the words it is
  // made of (0.8), a split of a word the index does not hold (0.7), words it begins (0.6).
  async function plan(idx, q) {
    var m = await idx.load(), stop = m.stopSet, runs = queryRuns(q), clauses = [];
    var typing = !/\s$/.test(q);
    for (var r = 0; r < runs.length; r++) {
      var toks = runs[r], n = toks.length, pieces = new Set(), known = {}, begun = {}, i, j;
      var lastRun = typing && r === runs.length - 1;
      for (i = 0; i < n; i++) for (j = i + 1; j <= Math.min(n, i + MAX_JOIN); j++) pieces.add(toks.slice(i, j).join(''));
      await Promise.all(Array.from(pieces, function (p) { return idx.lookup(p).then(function (k) { known[p] = k; }); }));
      if (lastRun) {
        // While typing, the last piece may be the start of a word: "จ้างก่อส" → จ้างก่อสร้าง.
        for (i = Math.max(0, n - MAX_JOIN); i < n; i++) {
          var tail = toks.slice(i).join('');
          if (!known[tail] && Array.from(tail).length >= 2) begun[tail] = (await idx.prefixed(tail)).length > 0;
        }
      }
      var ok = function (p, atEnd) { return known[p] || (atEnd && begun[p]); };
      var cuts = cover(toks, ok, stop, MAX_JOIN);
      for (var k = 0; k < cuts.length; k++) {
        var part = toks.slice(cuts[k][0], cuts[k][1]), word = part.join('');
        if (part.length === 1 && stop.has(word)) continue;
        clauses.push(await clause(idx, word, part, known, stop, lastRun && k === cuts.length - 1));
      }
    }
    return clauses;
  }

  async function clause(idx, word, part, known, stop, last) {
    var alts = [];
    if (known[word]) alts.push({ terms: [word], w: 1 });
    if (part.length > 1) {
      var inner = cover(part, function (p) { return known[p]; }, stop, part.length - 1).map(function (c) {
        return part.slice(c[0], c[1]).join('');
      }).filter(function (p) { return !stop.has(p); });
      if (inner.length && inner.every(function (p) { return known[p]; })) alts.push({ terms: inner, w: 0.8 });
    }
    if (!known[word] && Array.from(word).length >= 3) {
      var cs = Array.from(word), tries = 0;
      for (var b = cs.length - 1; b > 0 && tries < 3 && !alts.length; b--) {
        if (!startsCluster(cs, b)) continue;
        var a = cs.slice(0, b).join(''), z = cs.slice(b).join('');
        if (!(await idx.lookup(a))) continue;
        tries++;
        if (await idx.lookup(z)) alts.push({ terms: [a, z], w: 0.7 });
      }
    }
    if ((last || !alts.length) && Array.from(word).length >= 2) {
      (await idx.prefixed(word)).forEach(function (t) { alts.push({ terms: [t], w: 0.6 }); });
    }
    return { word: word, alts: alts };
  }

  var TITLE = 1, FIELDS = 2, BODY = 4;
  // The best place a term was found, plus a little for each other field that holds it.
  function fieldWeight(f) {
    var w = f & TITLE ? 10 : f & (TITLE << 3) ? 7 : f & FIELDS ? 4 : f & (FIELDS << 3) ? 3 : f & BODY ? 1.5 : f & (BODY << 3) ? 1 : 0;
    var fields = ((f | f >> 3) & TITLE ? 1 : 0) + ((f | f >> 3) & FIELDS ? 1 : 0) + ((f | f >> 3) & BODY ? 1 : 0);
    return w + 0.25 * (fields - 1);
  }

  // Rank documents: every clause must match (else as many clauses as possible); documents with
  // more clauses matched in the title first, then by score, then newest fiscal year and date.
  async function search(idx, q, opts) {
    opts = opts || {};
    var m = await idx.load(), clauses = await plan(idx, q), per = [];
    for (var c = 0; c < clauses.length; c++) {
      var hits = new Map();
      for (var a = 0; a < clauses[c].alts.length; a++) {
        var alt = clauses[c].alts[a], lists = [];
        for (var t = 0; t < alt.terms.length; t++) lists.push(await idx.postings(alt.terms[t]));
        var first = lists[0], maps = lists.slice(1).map(function (l) {
          var mp = new Map(); l.docs.forEach(function (d, i) { mp.set(d, l.flags[i]); }); return mp;
        });
        for (var i = 0; i < first.docs.length; i++) {
          var d = first.docs[i], fl = [first.flags[i]], ok = true;
          for (var k = 0; k < maps.length && ok; k++) { var f = maps[k].get(d); if (f === undefined) ok = false; else fl.push(f); }
          if (!ok) continue;
          var s = 0, title = true;
          fl.forEach(function (f) { s += fieldWeight(f); if (!(f & (TITLE | TITLE << 3))) title = false; });
          s = s / fl.length * alt.w;
          var h = hits.get(d);
          if (!h || s > h.s) hits.set(d, { s: s, title: title, terms: alt.terms });
        }
      }
      // Rarer clauses count more; one weight for the whole clause, so a rare word that merely
      // begins with the query never outranks the query's own word.
      var idf = Math.log(1 + m.n / Math.max(1, hits.size));
      hits.forEach(function (h) { h.s *= idf; });
      per.push(hits);
    }
    var kind = opts.kind ? m.kinds.findIndex(function (k) { return k[0] === opts.kind; }) : -1;
    var year = opts.year ? Number(opts.year) : 0, all = new Map();
    per.forEach(function (hits) {
      hits.forEach(function (h, d) {
        if ((kind >= 0 && m.kindOf[d] !== kind) || (year && m.yearOf[d] !== year)) return;
        var r = all.get(d) || { doc: d, n: 0, titles: 0, score: 0, terms: [] };
        r.n++; r.score += h.s * (1 + 0.04 * (m.kinds[m.kindOf[d]][2] || 0)); if (h.title) r.titles++; r.terms = r.terms.concat(h.terms);
        all.set(d, r);
      });
    });
    var res = Array.from(all.values()), full = res.filter(function (r) { return r.n === clauses.length; });
    if (full.length) res = full;
    res.sort(function (x, y) {
      return y.n - x.n || y.titles - x.titles || y.score - x.score || m.yearOf[y.doc] - m.yearOf[x.doc] || x.doc - y.doc;
    });
    var words = new Set();
    clauses.forEach(function (cl) { words.add(cl.word); cl.alts.forEach(function (al) { al.terms.forEach(function (t) { words.add(t); }); }); });
    return { results: res, clauses: clauses, partial: !full.length && res.length > 0, words: Array.from(words) };
  }

  // ---- Presentation helpers (also used by the tests). ----
  var MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];
  function digits(s, style) {
    return style === 'arabic' ? String(s) : String(s).replace(/[0-9]/g, function (d) { return String.fromCharCode(0x0e50 + Number(d)); });
  }
  function thaiDate(iso, style) {
    var p = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    return p ? digits(Number(p[3]) + ' ' + MONTHS[Number(p[2]) - 1] + ' ' + (Number(p[1]) + 543), style) : '';
  }
  // Ranges [start, end) of `text` (NFC) where a word of the query appears.
  function matches(text, words) {
    var f = foldMap(text), s = '', map = [], i, out = [];
    for (i = 0; i < f.s.length; i++) {
      var c = f.s[i];
      if (c === ' ' || isWordChar(c) || (c === '.' && /[0-9]/.test(f.s[i - 1] || '') && /[0-9]/.test(f.s[i + 1] || ''))) { s += c; map.push(f.map[i]); }
    }
    words.filter(function (w) { return w.length >= 2; }).forEach(function (w) {
      for (var at = s.indexOf(w); at >= 0; at = s.indexOf(w, at + w.length)) {
        var end = at + w.length < map.length ? map[at + w.length] : f.src.length;
        out.push([map[at], end]);
      }
    });
    out.sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
    var merged = [];
    out.forEach(function (r) { var l = merged[merged.length - 1]; if (l && r[0] <= l[1]) l[1] = Math.max(l[1], r[1]); else merged.push(r.slice()); });
    return { src: f.src, ranges: merged };
  }

  var api = { fold: fold, foldMap: foldMap, term: term, startsCluster: startsCluster, queryRuns: queryRuns, decode: decode, Index: Index, plan: plan, search: search, thaiDate: thaiDate, matches: matches };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (typeof document !== 'undefined') { root.prongsaiSearch = api; ui(root.document); }

  // ---- The page. ----
  function ui(doc) {
    var form = doc.getElementById('search-form');
    if (!form || !form.dataset.index) return;
    var input = doc.getElementById('search-q'), kindSel = doc.getElementById('search-kind'), yearSel = doc.getElementById('search-year');
    var status = doc.getElementById('search-status'), list = doc.getElementById('search-results');
    var moreWrap = doc.getElementById('search-more-wrap'), more = doc.getElementById('search-more');
    var base = form.dataset.base || '/', PAGE = 10, gen = 0, timer = 0, current = null, shown = 0;
    var idx = new Index(form.dataset.index, function (url) {
      return fetch(url).then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); });
    });
    var docs = {};
    function docOf(d) {
      if (!docs[d]) docs[d] = idx.fetchText(idx.docUrl(d)).then(JSON.parse);
      return docs[d];
    }
    function say(text) { status.textContent = text; }
    // aria-busy marks the list as out of date from the keystroke until the answer is shown, so
    // assistive technology (and the browser test) waits for the new results instead of the old.
    function busy(on) { list.setAttribute('aria-busy', on ? 'true' : 'false'); }
    function marked(parent, text, words) {
      var m = matches(text, words), pos = 0;
      m.ranges.forEach(function (r) {
        if (r[0] > pos) parent.appendChild(doc.createTextNode(m.src.slice(pos, r[0])));
        var mk = doc.createElement('mark'); mk.textContent = m.src.slice(r[0], r[1]); parent.appendChild(mk);
        pos = r[1];
      });
      if (pos < m.src.length) parent.appendChild(doc.createTextNode(m.src.slice(pos)));
    }
    function snippet(text, words) {
      var m = matches(text, words), src = m.src, at = m.ranges.length ? m.ranges[0][0] : 0;
      var start = Math.max(0, at - 60), end = Math.min(src.length, start + 220);
      if (start > 0) { var sp = src.indexOf(' ', start); if (sp > 0 && sp < at) start = sp + 1; }
      return (start > 0 ? '…' : '') + src.slice(start, end) + (end < src.length ? '…' : '');
    }
    function item(r, d, words) {
      var m = idx.meta, li = doc.createElement('li'), a = doc.createElement('a');
      a.href = base + d.u; marked(a, d.t, words); li.appendChild(a);
      var meta = doc.createElement('span'); meta.className = 'item-meta';
      meta.textContent = [m.kinds[m.kindOf[r.doc]][1], thaiDate(d.d, m.digits), 'ปีงบประมาณ พ.ศ. ' + digits(m.yearOf[r.doc], m.digits)].join(' · ');
      li.appendChild(meta);
      if (d.x) { var p = doc.createElement('p'); p.className = 'item-summary'; marked(p, snippet(d.x, words), words); li.appendChild(p); }
      return li;
    }
    async function show(g, n) {
      var rs = current.results.slice(shown, shown + n), ds = await Promise.all(rs.map(function (r) { return docOf(r.doc); }));
      if (g !== gen) return;
      rs.forEach(function (r, i) { list.appendChild(item(r, ds[i], r.terms)); });
      shown += rs.length;
      moreWrap.hidden = shown >= current.results.length;
    }
    async function run() {
      var g = ++gen, q = input.value, opts = { kind: kindSel.value, year: yearSel.value };
      clearTimeout(timer); busy(true);
      var params = new URLSearchParams();
      if (q) params.set('q', q);
      if (opts.kind) params.set('kind', opts.kind);
      if (opts.year) params.set('year', opts.year);
      history.replaceState(null, '', params.toString() ? '?' + params : location.pathname);
      if (Array.from(fold(q).trim()).length < 2) {
        list.textContent = ''; list.hidden = true; moreWrap.hidden = true;
        say(q.trim() ? 'พิมพ์อย่างน้อย ๒ ตัวอักษร' : '');
        busy(false);
        return;
      }
      try {
        var res = await search(idx, q, opts);
        if (g !== gen) return;
        current = res; shown = 0; list.textContent = '';
        await show(g, PAGE);
        if (g !== gen) return;
        list.hidden = !res.results.length;
        say(res.results.length
          ? 'พบ ' + digits(res.results.length, idx.meta.digits) + ' รายการ' + (res.partial ? ' (ตรงกับบางคำ)' : '')
          : 'ไม่พบรายการที่ตรงกับ “' + q.trim() + '” ลองใช้คำอื่น หรือเลือกดูรายการตามหมวดด้านล่าง');
        busy(false);
      } catch (e) {
        if (g === gen) busy(false);
        if (g === gen) say('โหลดดัชนีค้นหาไม่ได้ หากเว็บไซต์เพิ่งปรับปรุง โปรดโหลดหน้านี้ใหม่ / the search index could not be loaded');
      }
    }
    // A keystroke makes any search in flight stale (++gen) until the debounced run answers it.
    function soon() { clearTimeout(timer); gen++; busy(true); timer = setTimeout(run, 150); }
    var params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';
    kindSel.value = params.get('kind') || '';
    yearSel.value = params.get('year') || '';
    input.addEventListener('focus', function () { idx.load().catch(function () {}); }, { once: true });
    input.addEventListener('input', soon);
    kindSel.addEventListener('change', run);
    yearSel.addEventListener('change', run);
    form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); run(); });
    more.addEventListener('click', function () {
      var next = shown;
      show(gen, PAGE).then(function () { var a = list.children[next] && list.children[next].querySelector('a'); if (a) a.focus(); });
    });
    input.addEventListener('keydown', function (e) {
      var a = list.querySelector('a');
      if (e.key === 'ArrowDown' && a && !list.hidden) { e.preventDefault(); a.focus(); }
    });
    list.addEventListener('keydown', function (e) {
      var links = Array.from(list.querySelectorAll('li > a')), i = links.indexOf(doc.activeElement);
      if (e.key === 'ArrowDown' && i >= 0 && i < links.length - 1) { e.preventDefault(); links[i + 1].focus(); }
      else if (e.key === 'ArrowUp' && i > 0) { e.preventDefault(); links[i - 1].focus(); }
      else if ((e.key === 'ArrowUp' && i === 0) || e.key === 'Escape') { e.preventDefault(); input.focus(); }
    });
    if (input.value) run();
  }
})(typeof window !== 'undefined' ? window : this);

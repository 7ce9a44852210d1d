// prongsai serve: reloads the page after a rebuild and shows build errors over the page.
// Injected by the development server only; never part of a built site.
(function () {
  "use strict";
  var overlay = null;
  function clear() { if (overlay) { overlay.remove(); overlay = null; } }
  function show(e) {
    clear();
    overlay = document.createElement("div");
    overlay.id = "prongsai-error";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.92);color:#fff;" +
      "font:16px/1.6 monospace;padding:2rem;overflow:auto;white-space:pre-wrap";
    var items = Array.isArray(e) ? e : [e];
    items.forEach(function (d) {
      var box = document.createElement("div");
      box.style.cssText = "margin-bottom:1.5rem;border-left:4px solid #ff6b6b;padding-left:1rem";
      var where = d.file + (d.line ? ":" + d.line + ":" + d.column : "");
      var text = "✖ " + where + "\n" + d.th + "\n" + d.en;
      if (d.source_line) {
        text += "\n\n  " + d.line + " | " + d.source_line + "\n  " + " ".repeat(String(d.line).length) + " | " +
          " ".repeat(Math.max(0, d.column - 1)) + "^";
      }
      if (d.hint) { text += "\n\nhint: " + d.hint; }
      box.textContent = text;
      overlay.appendChild(box);
    });
    document.body.appendChild(overlay);
  }
  function connect() {
    var es = new EventSource("/__prongsai/events");
    // A rebuild names the pages it changed; this page reloads when it is one of them.
    function mine(ev) {
      try {
        var d = JSON.parse(ev.data || "{}");
        if (!d.paths) { return true; }
        var here = decodeURIComponent(location.pathname).replace(/index\.html$/, "");
        return d.paths.some(function (p) { return decodeURIComponent(p) === here; });
      } catch (x) { return true; }
    }
    function reload(ev) { if (mine(ev)) { location.reload(); } }
    es.addEventListener("reload", reload);
    es.addEventListener("update", reload);
    es.addEventListener("css", function () {
      clear();
      document.querySelectorAll('link[rel="stylesheet"]').forEach(function (l) {
        var u = new URL(l.href); u.searchParams.set("v", Date.now()); l.href = u.toString();
      });
    });
    // Not "error": that name is EventSource's own connection-error event, whose handler below
    // closes and reconnects, so an overlay event by that name dropped the channel each time.
    es.addEventListener("build-error", function (ev) {
      if (ev.data) { try { show(JSON.parse(ev.data)); } catch (x) { /* not ours */ } }
    });
    es.onerror = function () { es.close(); setTimeout(connect, 1000); };
  }
  connect();
})();

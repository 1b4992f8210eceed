/* Site search: works from file:// and on protected sites (every file is a <script>, never fetched).
 *
 * search/index.js sets window.RECEIPTS_SEARCH = {parts: ["part_001", ...]};
 * each part, search/part_NNN.js, sets window.RECEIPTS_SEARCH_PARTS[name] =
 * [{t: title, u: url from the site root, x: text}, ...]. The parts load when
 * a visitor first searches, a few at a time, and results are drawn again as
 * each arrives: no page carries the whole index. Results are built with DOM
 * methods and textContent only: nothing from the index is ever parsed as HTML.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var base = (root.getAttribute("data-base-url") || ".").replace(/\/+$/, "") || ".";
  var PART = /^part_[0-9]+$/;
  var AT_ONCE = 3;
  var names = null;       // the parts' names, once search/index.js is read
  var loaded = {};        // name -> its records
  var settled = 0;        // parts loaded or failed
  var started = false;
  var redraws = [];       // what to draw again when a part arrives

  window.RECEIPTS_SEARCH_PARTS = window.RECEIPTS_SEARCH_PARTS || {};

  function script(src, done) {
    var tag = document.createElement("script");
    tag.src = src;
    tag.async = true;
    tag.onload = function () { done(true); };
    tag.onerror = function () { done(false); };
    document.head.appendChild(tag);
  }

  function changed() { redraws.forEach(function (fn) { fn(); }); }

  function loadParts(list) {
    names = (Array.isArray(list) ? list : []).filter(function (n) { return PART.test(String(n)); });
    var next = 0;
    function one() {
      if (next >= names.length) { return; }
      var name = names[next++];
      script(base + "/search/" + name + ".js", function () {
        var records = window.RECEIPTS_SEARCH_PARTS[name];
        loaded[name] = Array.isArray(records) ? records : [];
        delete window.RECEIPTS_SEARCH_PARTS[name];
        settled++;
        changed();
        one();
      });
    }
    for (var i = 0; i < AT_ONCE; i++) { one(); }
    changed();
  }

  function startLoading() {
    if (started) { return; }
    started = true;
    var known = window.RECEIPTS_SEARCH;
    if (known && known.parts) { loadParts(known.parts); return; }
    script(base + "/search/index.js", function () {
      loadParts(window.RECEIPTS_SEARCH ? window.RECEIPTS_SEARCH.parts : []);
    });
  }

  /* The records loaded so far, in the index's order; complete once every part has settled. */
  function records() {
    var all = [];
    (names || []).forEach(function (name) { if (loaded[name]) { all = all.concat(loaded[name]); } });
    return all;
  }

  function complete() { return names !== null && settled >= names.length; }

  function terms(query) {
    return query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
  }

  function score(record, words) {
    var title = (record.t || "").toLowerCase();
    var text = (record.x || "").toLowerCase();
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var inTitle = title.indexOf(words[i]) !== -1;
      var inText = text.indexOf(words[i]) !== -1;
      if (!inTitle && !inText) { return 0; }
      total += (inTitle ? 10 : 0) + (inText ? 1 : 0);
    }
    return total;
  }

  function search(index, query) {
    var words = terms(query);
    if (!words.length) { return []; }
    var found = [];
    index.forEach(function (record, position) {
      var s = score(record, words);
      if (s > 0) { found.push({ r: record, s: s, p: position }); }
    });
    found.sort(function (a, b) { return b.s - a.s || a.p - b.p; });
    return found.map(function (f) { return f.r; });
  }

  function snippet(text, words) {
    text = text || "";
    var lower = text.toLowerCase();
    var at = -1;
    for (var i = 0; i < words.length && at === -1; i++) { at = lower.indexOf(words[i]); }
    if (at === -1) { at = 0; }
    var start = Math.max(0, at - 60);
    var end = Math.min(text.length, at + 140);
    if (start > 0) { var space = text.indexOf(" ", start); if (space !== -1 && space < at) { start = space + 1; } }
    if (end < text.length) { var last = text.lastIndexOf(" ", end); if (last > at) { end = last; } }
    return (start > 0 ? "… " : "") + text.slice(start, end).trim() + (end < text.length ? " …" : "");
  }

  function highlight(parent, text, words) {
    var lower = text.toLowerCase();
    var pos = 0;
    while (pos < text.length) {
      var next = -1, len = 0;
      words.forEach(function (w) {
        var i = lower.indexOf(w, pos);
        if (i !== -1 && (next === -1 || i < next)) { next = i; len = w.length; }
      });
      if (next === -1) { parent.appendChild(document.createTextNode(text.slice(pos))); break; }
      if (next > pos) { parent.appendChild(document.createTextNode(text.slice(pos, next))); }
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + len);
      parent.appendChild(mark);
      pos = next + len;
    }
  }

  function href(record) {
    var url = String(record.u || "");
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.charAt(0) === "/") { return "#"; }
    return base + "/" + url;
  }

  function resultItem(record, words, withPath) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = href(record);
    var title = document.createElement("span");
    title.className = "result-title";
    highlight(title, record.t || record.u, words);
    a.appendChild(title);
    var snip = document.createElement("span");
    snip.className = "result-snippet";
    highlight(snip, snippet(record.x, words), words);
    if (withPath) {
      li.appendChild(a);
      var path = document.createElement("span");
      path.className = "result-path";
      path.textContent = record.u;
      li.appendChild(path);
      var p = document.createElement("p");
      p.className = "result-snippet";
      p.appendChild(snip);
      li.appendChild(p);
    } else {
      a.appendChild(snip);
      li.appendChild(a);
    }
    return li;
  }

  /* -- the search page ---------------------------------------------------- */

  function setupPage() {
    var input = document.querySelector('[data-search-input="page"]');
    var list = document.querySelector('[data-search-results="page"]');
    var status = document.getElementById("search-status");
    if (!input || !list) { return; }
    var form = input.form;

    /* Drawn again as each part of the index arrives; the count is said once all have (a live region). */
    function run() {
      var query = input.value.trim();
      list.textContent = "";
      if (!query) { status.textContent = ""; return; }
      startLoading();
      var words = terms(query);
      var results = search(records(), query);
      results.slice(0, 50).forEach(function (r) { list.appendChild(resultItem(r, words, true)); });
      list.setAttribute("aria-busy", complete() ? "false" : "true");
      if (!complete()) { status.textContent = ""; return; }  /* said once every part is read */
      if (!results.length) { status.textContent = list.getAttribute("data-no-results"); return; }
      status.textContent = results.length === 1 ? list.getAttribute("data-count-one")
        : list.getAttribute("data-count-many").replace("{n}", String(results.length));
    }

    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) { input.value = params.get("q"); }
    var timer = null;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    if (form) { form.addEventListener("submit", function (e) { e.preventDefault(); run(); }); }
    redraws.push(function () { if (input.value.trim()) { run(); } });
    run();
  }

  /* -- the header box: live results, keyboard accessible ----------------- */

  function setupHeader() {
    var input = document.querySelector('[data-search-input="header"]');
    var box = document.querySelector('[data-search-results="header"]');
    if (!input || !box) { return; }
    var form = input.form;

    function links() { return Array.prototype.slice.call(box.querySelectorAll("a")); }

    function close() {
      box.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function show() {
      var query = input.value.trim();
      if (!query) { close(); return; }
      startLoading();
      var words = terms(query);
      var results = search(records(), query);
      box.textContent = "";
      if (!results.length) {
        var none = document.createElement("p");
        none.className = "result-empty";
        none.textContent = complete() ? box.getAttribute("data-no-results") : "…";
        box.appendChild(none);
      } else {
        var ul = document.createElement("ul");
        results.slice(0, 6).forEach(function (r) { ul.appendChild(resultItem(r, words, false)); });
        if (results.length > 6 && form) {
          var more = document.createElement("li");
          more.className = "result-all";
          var a = document.createElement("a");
          a.href = form.getAttribute("action") + "?q=" + encodeURIComponent(query);
          a.textContent = input.getAttribute("placeholder").replace(/…$/, "") + " (" + results.length +
            (complete() ? "" : "…") + ")";
          more.appendChild(a);
          ul.appendChild(more);
        }
        box.appendChild(ul);
      }
      box.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    /* A part arrived: draw the open box again, unless the visitor is moving through its links. */
    redraws.push(function () {
      if (!box.hidden && input.value.trim() && !box.contains(document.activeElement)) { show(); }
    });

    var timer = null;
    input.addEventListener("focus", startLoading);
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(show, 100); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        var first = links()[0];
        if (first) { e.preventDefault(); first.focus(); }
      } else if (e.key === "Escape") {
        close();
      }
    });
    box.addEventListener("keydown", function (e) {
      var all = links();
      var i = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && i < all.length - 1) { e.preventDefault(); all[i + 1].focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? all[i - 1] : input).focus(); }
      else if (e.key === "Escape") { e.preventDefault(); close(); input.focus(); }
    });
    document.addEventListener("click", function (e) {
      if (form && !form.contains(e.target)) { close(); }
    });
    if (form) {
      form.addEventListener("focusout", function () {
        setTimeout(function () { if (!form.contains(document.activeElement)) { close(); } }, 0);
      });
    }
  }

  function start() { setupPage(); setupHeader(); }
  /* Deferred scripts (the search page's index among them) run before DOMContentLoaded. */
  if (document.readyState === "complete") { start(); }
  else { document.addEventListener("DOMContentLoaded", start); }
})();

/* Site search: works from file:// and on protected sites (every file is a <script>, never fetched).
 *
 * search/index.js sets window.RECEIPTS_SEARCH = {parts: ["part_001", ...]};
 * each part, search/part_NNN.js, sets window.RECEIPTS_SEARCH_PARTS[name] to
 * records, one per entry a page shows: {k: kind, t: title, u: address#anchor,
 * l: status label, d: date, x: its other text, c: campaign}. The parts load
 * when a visitor first searches, a few at a time, and results are drawn again
 * as each arrives. A part that fails to load is not counted as read: the
 * visitor is told results may be missing, and it is tried again on the next
 * query. Matching folds case and accents ("aprobacion" finds "aprobación")
 * and reads each query word as the start of a word, after a light English
 * and Spanish stemming ("approvals" and "approving" find "approved").
 * Results are built with DOM methods and textContent only: nothing from the
 * index is ever parsed as HTML.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var base = (root.getAttribute("data-base-url") || ".").replace(/\/+$/, "") || ".";
  var PART = /^part_[0-9]+$/;
  var AT_ONCE = 3;
  var MARKS = /[\u0300-\u036f]/g;
  var NOT_WORD = /[^\p{L}\p{N}]+/gu;
  // Longest first; a stem keeps at least MIN_STEM letters. Matching is by word start, so a short stem only widens.
  var SUFFIXES = ["aciones", "amientos", "imientos", "ations", "iones", "acion", "ation", "mente", "ings", "ando",
    "iendo", "ados", "adas", "idos", "idas", "ing", "ado", "ada", "ido", "ida", "ies", "ed", "es", "s"];
  var MIN_STEM = 4;

  var names = null;       // the parts' names, once search/index.js is read
  var indexState = "";    // "" | "loading" | "failed"
  var loaded = {};        // name -> its records, prepared
  var failed = {};        // name -> true: did not load; tried again on the next query
  var queue = [];         // names waiting to load
  var inFlight = 0;
  var redraws = [];       // what to draw again when a part arrives or fails

  window.RECEIPTS_SEARCH_PARTS = window.RECEIPTS_SEARCH_PARTS || {};

  /* -- text: folding, words, stems ------------------------------------------------ */

  function fold(text) { return String(text || "").normalize("NFD").replace(MARKS, "").toLowerCase(); }

  function words(text) { return " " + fold(text).replace(NOT_WORD, " ").trim() + " "; }

  function stem(word) {
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (word.length - s.length >= MIN_STEM && word.slice(-s.length) === s) { return word.slice(0, -s.length); }
    }
    return word;
  }

  function terms(query) {
    return words(query).trim().split(" ").filter(function (w) { return w.length > 0; })
      .map(function (w) { return { word: w, stem: stem(w) }; });
  }

  /* -- loading the parts -------------------------------------------------------------- */

  function script(src, done) {
    var tag = document.createElement("script");
    tag.src = src;
    tag.async = true;
    tag.onload = function () { done(true); };
    tag.onerror = function () { done(false); };
    document.head.appendChild(tag);
  }

  function changed() { redraws.forEach(function (fn) { fn(); }); }

  function prepare(record) {
    return { r: record, title: words(record.t),
      all: words([record.t, record.l, record.d, record.k, record.c, record.x].join(" ")) };
  }

  function pump() {
    while (inFlight < AT_ONCE && queue.length) {
      loadPart(queue.shift());
    }
  }

  function loadPart(name) {
    inFlight++;
    script(base + "/search/" + name + ".js", function (ok) {
      var records = window.RECEIPTS_SEARCH_PARTS[name];
      delete window.RECEIPTS_SEARCH_PARTS[name];
      inFlight--;
      if (ok && Array.isArray(records)) { loaded[name] = records.map(prepare); }
      else { failed[name] = true; }  // an error, or a file that did not hold its part: not read
      pump();
      changed();
    });
  }

  function takeParts(list) {
    names = (Array.isArray(list) ? list : []).filter(function (n) { return PART.test(String(n)); });
    queue = names.slice();
    pump();
  }

  /* Start loading, or load again what failed: called on every query. */
  function ensureLoading() {
    if (names === null) {
      if (indexState === "loading") { return; }
      var known = window.RECEIPTS_SEARCH;
      if (known && Array.isArray(known.parts)) { takeParts(known.parts); return; }
      indexState = "loading";
      script(base + "/search/index.js", function (ok) {
        var list = window.RECEIPTS_SEARCH;
        indexState = ok && list && Array.isArray(list.parts) ? "" : "failed";
        if (indexState === "") { takeParts(list.parts); }
        changed();
      });
      return;
    }
    var again = Object.keys(failed);
    failed = {};
    if (again.length) { queue = queue.concat(again); pump(); }
  }

  function anyFailed() { return indexState === "failed" || Object.keys(failed).length > 0; }

  /* Every part is read (none waiting, none failed). */
  function complete() {
    return names !== null && !anyFailed() && !queue.length && inFlight === 0 &&
      names.every(function (n) { return loaded[n]; });
  }

  function settled() { return indexState !== "loading" && !queue.length && inFlight === 0; }

  /* -- matching -------------------------------------------------------------------------- */

  function score(item, query) {
    var total = 0;
    for (var i = 0; i < query.length; i++) {
      var prefix = " " + query[i].stem;
      if (item.all.indexOf(prefix) === -1) { return 0; }
      if (item.title.indexOf(prefix) !== -1) { total += 10; }
      total += item.all.indexOf(" " + query[i].word + " ") !== -1 ? 2 : 1;
    }
    return total;
  }

  function search(query) {
    if (!query.length) { return []; }
    var found = [];
    var position = 0;
    (names || []).forEach(function (name) {
      (loaded[name] || []).forEach(function (item) {
        var s = score(item, query);
        if (s > 0) { found.push({ r: item.r, s: s, p: position }); }
        position++;
      });
    });
    found.sort(function (a, b) { return b.s - a.s || a.p - b.p; });
    return found.map(function (f) { return f.r; });
  }

  /* -- drawing --------------------------------------------------------------------------- */

  /* The folded text with, for each of its characters, where it came from in `text`. */
  function foldedWithPlaces(text) {
    var folded = "", places = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text.charAt(i));
      for (var j = 0; j < f.length; j++) { folded += f.charAt(j); places.push(i); }
    }
    places.push(text.length);
    return { text: folded, places: places };
  }

  /* The words of `text` a query stem starts: [[start, end], ...] in `text`'s own characters. */
  function matches(text, query) {
    var f = foldedWithPlaces(text);
    var spans = [];
    query.forEach(function (q) {
      var at = -1;
      while ((at = f.text.indexOf(q.stem, at + 1)) !== -1) {
        var before = at === 0 ? " " : f.text.charAt(at - 1);
        if (before.replace(NOT_WORD, " ") !== " ") { continue; }
        var end = at + q.stem.length;  /* the whole word the stem starts is marked */
        while (end < f.text.length && f.text.charAt(end).replace(NOT_WORD, " ") !== " ") { end++; }
        spans.push([f.places[at], f.places[end]]);
      }
    });
    return spans.sort(function (a, b) { return a[0] - b[0]; });
  }

  function highlight(parent, text, query) {
    var pos = 0;
    matches(text, query).forEach(function (span) {
      if (span[0] < pos) { return; }
      if (span[0] > pos) { parent.appendChild(document.createTextNode(text.slice(pos, span[0]))); }
      var mark = document.createElement("mark");
      mark.textContent = text.slice(span[0], span[1]);
      parent.appendChild(mark);
      pos = span[1];
    });
    if (pos < text.length) { parent.appendChild(document.createTextNode(text.slice(pos))); }
  }

  function snippet(text, query) {
    text = text || "";
    var found = matches(text, query);
    var at = found.length ? found[0][0] : 0;
    var start = Math.max(0, at - 60);
    var end = Math.min(text.length, at + 140);
    if (start > 0) { var space = text.indexOf(" ", start); if (space !== -1 && space < at) { start = space + 1; } }
    if (end < text.length) { var last = text.lastIndexOf(" ", end); if (last > at) { end = last; } }
    return (start > 0 ? "… " : "") + text.slice(start, end).trim() + (end < text.length ? " …" : "");
  }

  function href(record) {
    var url = String(record.u || "");
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.charAt(0) === "/") { return "#"; }
    return base + "/" + url;
  }

  function span(className, text) {
    var s = document.createElement("span");
    s.className = className;
    s.textContent = text;
    return s;
  }

  /* Kind, status label, date and campaign: one line under the title. */
  function meta(record) {
    var line = span("result-meta", "");
    if (record.k) { line.appendChild(span("result-kind", record.k)); }
    if (record.l) { line.appendChild(span("result-label", record.l)); }
    if (record.d) { line.appendChild(span("result-date", record.d)); }
    if (record.c && record.c !== record.t) { line.appendChild(span("result-campaign", record.c)); }
    return line;
  }

  function resultItem(record, query, withSnippet) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = href(record);
    var title = span("result-title", "");
    highlight(title, record.t || record.u, query);
    a.appendChild(title);
    a.appendChild(meta(record));
    if (withSnippet && record.x) {
      var snip = span("result-snippet", "");
      highlight(snip, snippet(record.x, query), query);
      a.appendChild(snip);
    }
    li.appendChild(a);
    return li;
  }

  function countText(holder, n) {
    if (!n) { return holder.getAttribute("data-no-results") || ""; }
    return n === 1 ? holder.getAttribute("data-count-one") || "1"
      : (holder.getAttribute("data-count-many") || "{n}").replace("{n}", String(n));
  }

  /* What the live region says: the count once all is read, or that a part did not load. */
  function statusText(holder, n) {
    if (anyFailed() && settled()) {
      return (n ? countText(holder, n) + " " : "") + (holder.getAttribute("data-load-failed") || "");
    }
    return complete() ? countText(holder, n) : "";
  }

  /* -- moving through results with the keyboard ------------------------------------------ */

  /* ArrowDown/ArrowUp move through the result links (from the box, ArrowDown enters them; above the
     first, ArrowUp returns to the box); Home/End jump; Enter follows the link (the browser's own);
     Escape returns to the box. */
  function keyboard(input, list, onEscape) {
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && !list.hidden && links().length) { e.preventDefault(); links()[0].focus(); }
      else if (e.key === "Escape") { e.preventDefault(); onEscape(false); }
    });
    list.addEventListener("keydown", function (e) {
      var all = links();
      var i = all.indexOf(document.activeElement);
      if (i === -1) { return; }
      var to = { ArrowDown: Math.min(i + 1, all.length - 1), ArrowUp: i - 1, Home: 0, End: all.length - 1 }[e.key];
      if (to !== undefined) { e.preventDefault(); (to < 0 ? input : all[to]).focus(); }
      else if (e.key === "Escape") { e.preventDefault(); input.focus(); onEscape(true); }
    });
  }

  /* -- the search page ---------------------------------------------------------------------- */

  function setupPage() {
    var input = document.querySelector('[data-search-input="page"]');
    var list = document.querySelector('[data-search-results="page"]');
    var status = document.getElementById("search-status");
    if (!input || !list) { return; }
    var form = input.form;
    var shown = "";

    /* Drawn again as each part arrives; keeps the visitor's place when the list is the same. */
    function draw() {
      var query = terms(input.value);
      var results = search(query);
      var key = input.value + "\n" + results.slice(0, 50).map(function (r) { return r.u; }).join("\n");
      if (key !== shown || !list.contains(document.activeElement)) {
        shown = key;
        list.textContent = "";
        results.slice(0, 50).forEach(function (r) { list.appendChild(resultItem(r, query, true)); });
      }
      list.setAttribute("aria-busy", settled() ? "false" : "true");
      status.textContent = query.length ? statusText(list, results.length) : "";
    }

    function run() {
      if (!input.value.trim()) { list.textContent = ""; shown = ""; status.textContent = ""; return; }
      ensureLoading();
      draw();
    }

    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) { input.value = params.get("q"); }
    var timer = null;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    if (form) { form.addEventListener("submit", function (e) { e.preventDefault(); run(); }); }
    keyboard(input, list, function (fromList) {
      if (!fromList) { input.value = ""; run(); }  /* Escape in the box clears it */
    });
    redraws.push(function () { if (input.value.trim()) { draw(); } });
    run();
  }

  /* -- the header box: live results, keyboard accessible ----------------------------------- */

  function setupHeader() {
    var input = document.querySelector('[data-search-input="header"]');
    var box = document.querySelector('[data-search-results="header"]');
    var status = document.getElementById("header-search-status");
    if (!input || !box) { return; }
    var form = input.form;

    function close() {
      box.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function message(className, text) {
      var p = document.createElement("p");
      p.className = className;
      p.textContent = text;
      box.appendChild(p);
    }

    function show() {
      var raw = input.value.trim();
      if (!raw) { close(); if (status) { status.textContent = ""; } return; }
      ensureLoading();
      var query = terms(raw);
      var results = search(query);
      box.textContent = "";
      if (anyFailed() && settled()) { message("result-failed", box.getAttribute("data-load-failed") || ""); }
      if (!results.length) {
        message("result-empty", complete() ? box.getAttribute("data-no-results") : (anyFailed() ? "" : "…"));
      } else {
        var ul = document.createElement("ul");
        results.slice(0, 6).forEach(function (r) { ul.appendChild(resultItem(r, query, false)); });
        if (results.length > 6 && form) {
          var more = document.createElement("li");
          more.className = "result-all";
          var a = document.createElement("a");
          a.href = form.getAttribute("action") + "?q=" + encodeURIComponent(raw);
          a.textContent = input.getAttribute("placeholder").replace(/…$/, "") + " (" + results.length +
            (complete() ? "" : "…") + ")";
          more.appendChild(a);
          ul.appendChild(more);
        }
        box.appendChild(ul);
      }
      if (status) { status.textContent = statusText(box, results.length); }
      box.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    /* A part arrived: draw the open box again, unless the visitor is moving through its links. */
    redraws.push(function () {
      if (!box.hidden && input.value.trim() && !box.contains(document.activeElement)) { show(); }
    });

    var timer = null;
    input.addEventListener("focus", ensureLoading);
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(show, 100); });
    keyboard(input, box, function (fromList) {
      if (!fromList && box.hidden) { input.value = ""; }  /* a second Escape clears the box */
      close();
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

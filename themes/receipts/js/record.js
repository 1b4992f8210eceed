/* The reader's own check of the site's record (docs/receipts.md): on each visit the chain of
   record.json is recomputed here with WebCrypto and compared with the one this browser saw last
   time, kept in localStorage. Nothing is sent anywhere. */
(function () {
  "use strict";
  var box = document.querySelector(".record-box");
  if (!box || !window.crypto || !window.crypto.subtle || !window.fetch || !window.TextEncoder) return;
  var out = box.querySelector("[data-record-check]");
  var jsonUrl = new URL(box.getAttribute("data-record-json"), window.location.href);
  var storeKey = "receipts.record:" + jsonUrl.href;

  // RFC 8785 for the values record entries hold (strings, integers, null, booleans, arrays, objects):
  // keys sorted by UTF-16 code units, strings and numbers as ECMAScript's JSON.stringify writes them,
  // which is how the RFC defines them.
  function canonical(value) {
    if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
    if (value !== null && typeof value === "object") {
      return "{" + Object.keys(value).sort().map(function (k) {
        return JSON.stringify(k) + ":" + canonical(value[k]);
      }).join(",") + "}";
    }
    return JSON.stringify(value);
  }
  function hex(bytes) {
    return Array.prototype.map.call(new Uint8Array(bytes), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function unhex(text) {
    var bytes = new Uint8Array(text.length / 2);
    for (var i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.substr(i * 2, 2), 16);
    return bytes;
  }
  function sha256(bytes) { return window.crypto.subtle.digest("SHA-256", bytes); }

  async function recompute(record) {
    var digests = [], head = unhex(record.genesis), broken = 0;
    for (var i = 0; i < record.entries.length; i++) {
      var item = record.entries[i], digest = item.digest;
      if (item.entry) {
        digest = hex(await sha256(new TextEncoder().encode(canonical(item.entry))));
        if (digest !== item.digest && !broken) broken = i + 1;
      }
      var joined = new Uint8Array(64);
      joined.set(head, 0);
      joined.set(unhex(digest), 32);
      head = new Uint8Array(await sha256(joined));
      digests.push(digest);
    }
    return { digests: digests, head: hex(head), broken: broken };
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? values[k] : m; });
  }
  function say(kind, values, href) {
    var text = fill(box.getAttribute("data-text-" + kind), values);
    out.textContent = "";
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = text;
      out.appendChild(link);
    } else {
      out.textContent = text;
    }
    out.className = "record-check record-" + kind;
    out.setAttribute("data-state", kind);
    out.hidden = false;
  }
  function shownDate(iso) {
    try {
      var lang = box.getAttribute("data-lang") || "en";  // the site writes "4 Feb 2026", not "Feb 4, 2026"
      return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang,
        { day: "numeric", month: "short", year: "numeric" }).format(new Date(iso));
    } catch (e) { return iso.slice(0, 10); }
  }
  function firstDifference(before, now) {
    var n = Math.min(before.length, now.length);
    for (var i = 0; i < n; i++) if (before[i] !== now[i]) return i + 1;
    return n + 1;
  }
  function entryLink(record, n) {  // the receipt an approval or step entry belongs to, when the site has it
    var item = record.entries[n - 1], entry = item && item.entry;
    var page = entry && entry.approval && record.receipts[entry.campaign + "/" + entry.approval];
    return page ? new URL(page, jsonUrl).href : jsonUrl.href;
  }

  async function check() {
    var record = await (await fetch(jsonUrl.href, { cache: "no-store" })).json();
    var got = await recompute(record);
    // The page's own head may be older than record.json (a cached page): `receipts verify` checks pages.
    if (got.broken || got.head !== record.head) {
      return say("broken", { n: got.broken || got.digests.length });
    }
    var seen = null;
    try { seen = JSON.parse(window.localStorage.getItem(storeKey) || "null"); } catch (e) { seen = null; }
    var values = { n: got.digests.length, date: seen ? shownDate(seen.date) : "" };
    if (seen && seen.digests) {
      var differs = firstDifference(seen.digests, got.digests);
      if (differs <= seen.digests.length) {  // the earlier record is not a prefix: keep it, and keep saying so
        values.n = differs;
        return say("differs", values, entryLink(record, differs));
      }
      say(seen.head === got.head ? "same" : "extends", values);
    } else {
      say("first", values);
    }
    window.localStorage.setItem(storeKey, JSON.stringify(
      { head: got.head, length: got.digests.length, date: new Date().toISOString(), digests: got.digests }));
  }

  check().catch(function () { say("unavailable", {}); });
})();

/* Small progressive enhancements; the site works without them. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

/* On small screens the campaign's sections scroll sideways: bring the active one into view. */
(function () {
  "use strict";
  var active = document.querySelector(".local-nav a.is-active");
  var list = active && active.closest("ul");
  if (!list || list.scrollWidth <= list.clientWidth) { return; }
  var left = active.offsetLeft - (list.clientWidth - active.offsetWidth) / 2;
  list.scrollLeft = Math.max(0, left);
})();

/* Videos from YouTube or Vimeo: the player loads only when the visitor asks for it (no request before). */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-embed]");
  Array.prototype.forEach.call(boxes, function (box) {
    var address = box.getAttribute("data-embed") || "";
    var button = box.querySelector(".embed-play");
    if (!button || address.indexOf("https://") !== 0) { return; }  /* only the players Receipts writes */
    button.hidden = false;
    button.addEventListener("click", function () {
      var player = document.createElement("iframe");
      player.src = address + (address.indexOf("?") < 0 ? "?" : "&") + "autoplay=1";
      player.title = box.getAttribute("data-embed-title") || "";
      player.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      player.allowFullscreen = true;
      player.referrerPolicy = "strict-origin-when-cross-origin";
      box.textContent = "";
      box.classList.remove("embed-consent");
      box.appendChild(player);
      player.focus();
    });
  });
})();

/* Freshness: a site older than site.stale_after_days by the reader's clock says so (the built bytes hold
   only the build's moment, so they stay reproducible; the day count is the browser's). */
(function () {
  "use strict";
  var notice = document.querySelector("[data-stale-after]");
  if (!notice) { return; }
  var built = Number(notice.getAttribute("data-built")) * 1000;
  var limit = Number(notice.getAttribute("data-stale-after"));
  var days = Math.floor((Date.now() - built) / 86400000);
  if (!(built > 0) || !(limit > 0) || !(days > limit)) { return; }
  notice.textContent = (notice.getAttribute("data-stale-text") || "").replace("{n}", String(days));
  notice.hidden = false;
})();

/* Timeline: the kind filter lives in the address (?kind=decisions), so a filtered view can be shared. */
(function () {
  "use strict";
  var page = document.querySelector("[data-timeline]");
  if (!page) { return; }
  var wanted = new URLSearchParams(window.location.search).get("kind") || "";
  var links = page.querySelectorAll(".tl-filters a[data-filter]");
  var known = Array.prototype.some.call(links, function (a) { return a.getAttribute("data-filter") === wanted; });
  if (!known) { wanted = ""; }
  Array.prototype.forEach.call(links, function (a) {
    if (a.getAttribute("data-filter") === wanted) { a.setAttribute("aria-current", "true"); }
    else { a.removeAttribute("aria-current"); }
  });
  var shown = 0;
  Array.prototype.forEach.call(page.querySelectorAll(".tl-item"), function (li) {
    var keep = !wanted || li.getAttribute("data-kind") === wanted;
    li.hidden = !keep;
    if (keep) { shown += 1; }
  });
  Array.prototype.forEach.call(page.querySelectorAll(".tl-week, .tl-upcoming"), function (group) {
    group.hidden = !group.querySelector(".tl-item:not([hidden])") && !!wanted;
  });
  var none = page.querySelector(".tl-filter-empty");
  if (none) { none.hidden = shown > 0; }
})();

/* Timeline: mark what is newer than the reader's previous visit. The moment of the newest event seen is
   kept in this browser's localStorage only: nothing is sent anywhere, nothing tracks the reader. */
(function () {
  "use strict";
  var page = document.querySelector("[data-timeline]");
  var store;
  try { store = window.localStorage; } catch (e) { return; }
  if (!page || !store) { return; }
  var key = "receipts:last-seen:" + window.location.pathname;
  var before = store.getItem(key);
  var newest = "";
  var count = 0;
  Array.prototype.forEach.call(page.querySelectorAll(".tl-item:not(.is-upcoming)[data-at]"), function (li) {
    var at = Date.parse(li.getAttribute("data-at"));
    if (isNaN(at)) { return; }
    if (!newest || at > Date.parse(newest)) { newest = li.getAttribute("data-at"); }
    if (before && at > Date.parse(before)) {
      li.classList.add("is-new");
      var tag = document.createElement("span");  /* written here, not in the page: no stray "New" in its text */
      tag.className = "tl-new";
      tag.textContent = page.getAttribute("data-new-label") || "New";
      var line = li.querySelector(".tl-meta, .tl-line");
      if (line) { line.appendChild(tag); }
      count += 1;
    }
  });
  var status = page.querySelector(".tl-new-count");
  if (status && count) {
    var words = count === 1 ? status.getAttribute("data-template-one") : null;  /* "1 novedad", not "1 novedades" */
    status.textContent = words || status.getAttribute("data-template").replace("{n}", String(count));
    status.hidden = false;
  }
  if (newest && (!before || Date.parse(newest) > Date.parse(before))) {
    try { store.setItem(key, newest); } catch (e) { /* storage full or blocked: nothing to mark next time */ }
  }
})();

/* Redaction matrix: filter the rows of this page by audience, state, kind and campaign. The filter lives in the
   address (?audience=acme&state=tier), and the pager carries it to the other pages; a campaign on another page
   is opened there. Without script every row shows. */
(function () {
  "use strict";
  var form = document.querySelector("[data-matrix-filter]");
  if (!form || !window.URLSearchParams) { return; }
  var names = ["audience", "state", "kind", "campaign"];
  var selects = {};
  names.forEach(function (name) { selects[name] = form.querySelector("select[name=" + name + "]"); });
  var heads = Array.prototype.map.call(document.querySelectorAll(".matrix thead tr:first-child"), function (tr) {
    return Array.prototype.map.call(tr.children, function (th) { return th.textContent.trim(); });
  });
  var columns = heads.length ? heads[0] : [];
  function query() {
    var params = new URLSearchParams();
    names.forEach(function (name) { if (selects[name].value) { params.set(name, selects[name].value); } });
    var text = params.toString();
    return text ? "?" + text : "";
  }
  function matches(state, wanted) {
    return !wanted || state === wanted || (wanted === "hidden" && state !== "shown");
  }
  function rowMatches(tr, wanted) {
    if (wanted.kind && tr.getAttribute("data-kind") !== wanted.kind) { return false; }
    if (!wanted.state) { return true; }
    var cells = tr.querySelectorAll("td[class^='mc-']");
    return Array.prototype.some.call(cells, function (td, index) {
      var audience = columns[4 + index];
      return (!wanted.audience || audience === wanted.audience) && matches(td.className.slice(3), wanted.state);
    });
  }
  function apply() {
    var wanted = {};
    names.forEach(function (name) { wanted[name] = selects[name].value; });
    var shown = 0;
    Array.prototype.forEach.call(document.querySelectorAll(".matrix-section"), function (section) {
      var inCampaign = !wanted.campaign || section.getAttribute("data-campaign") === wanted.campaign;
      var left = 0;
      Array.prototype.forEach.call(section.querySelectorAll("tbody tr"), function (tr) {
        var keep = inCampaign && rowMatches(tr, wanted);
        tr.hidden = !keep;
        if (keep) { left += 1; }
      });
      section.hidden = left === 0;
      shown += left;
    });
    var count = form.querySelector(".matrix-count");
    count.textContent = form.getAttribute("data-count").replace("{n}", String(shown))
      .replace("{total}", count.getAttribute("data-total"));
    Array.prototype.forEach.call(document.querySelectorAll(".pager a"), function (a) {
      a.href = a.getAttribute("href").split("?")[0] + query();
    });
  }
  function fromAddress() {
    var params = new URLSearchParams(window.location.search);
    names.forEach(function (name) {
      var value = params.get(name) || "";
      var known = Array.prototype.some.call(selects[name].options, function (o) { return o.value === value; });
      selects[name].value = known ? value : "";
    });
  }
  function changed() {
    var option = selects.campaign.selectedOptions[0];
    var page = option && option.getAttribute("data-page");
    if (selects.campaign.value && !document.querySelector(".matrix-section[data-campaign='" +
        selects.campaign.value + "']") && page) {
      window.location.href = page + query();  /* the campaign's rows are on another page */
      return;
    }
    try {
      window.history.replaceState(null, "", window.location.pathname + query() + window.location.hash);
    } catch (e) { /* an address that cannot change in place: the filter still applies to this page */ }
    apply();
  }
  form.hidden = false;
  fromAddress();
  apply();
  form.addEventListener("change", changed);
  form.addEventListener("reset", function () { window.setTimeout(changed, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();

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

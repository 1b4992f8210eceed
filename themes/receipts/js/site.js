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

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

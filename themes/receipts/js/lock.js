/* Receipts, protected sites only: the Lock button, downloads, and the key for a service worker that restarted.
 * See docs/protect.md. The key of this browser session is in sessionStorage (the unlock page put it
 * there); the service worker asks an open page for it when it was stopped and lost it. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  var base = (document.documentElement.getAttribute("data-base-url") || ".").replace(/\/+$/, "") || ".";
  var scope = new URL(base + "/", location.href);
  var STORE = "receipts-protect:" + scope.pathname;

  function pageOfSite(address) {  // -> the URL `address` names if it is a page of this site, else null
    var page;
    try { page = new URL(address, scope); } catch (bad) { return null; }
    page.pathname = page.pathname.replace(/^\/+/, "/");  // "//host/..." would leave the site once used as a path
    page.hash = "";
    if (page.origin !== scope.origin || page.pathname.indexOf(scope.pathname) !== 0) { return null; }
    return page;
  }

  /* A share link opened where the site is already unlocked: the worker served this page, so the unlock
     page never ran. Do its part: drop the passphrase from the address and history, open &page= if it is ours. */
  function followShareLink() {
    var shared = new URLSearchParams(location.hash.slice(1));
    if (!shared.has("passphrase")) { return; }  // an ordinary #anchor
    var asked = shared.get("page") && pageOfSite(shared.get("page"));
    history.replaceState(history.state, "", location.href.split("#")[0]);
    if (asked && asked.href !== location.href) { location.replace(asked.href); }
  }
  followShareLink();
  window.addEventListener("hashchange", followShareLink);  // pasted into this tab's address bar

  navigator.serviceWorker.onmessage = function (event) {
    var data = event.data || {};
    if (data.type === "need-key" && event.ports[0]) {
      event.ports[0].postMessage({bits: sessionStorage.getItem(STORE)});
    } else if (data.type === "locked") {  // locked in another tab: this one shows the unlock page too
      sessionStorage.removeItem(STORE);
      location.reload();
    }
  };

  /* Chromium fetches an <a download> link itself, past the service worker: fetch it here (through the
     worker, decrypted) and hand the browser the bytes to save. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[download]");
    if (!link || link.protocol === "blob:" || link.origin !== location.origin || !navigator.serviceWorker.controller) {
      return;  // the copy handed to the browser below is a blob: link too
    }
    event.preventDefault();
    fetch(link.href).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.blob();
    }).then(function (blob) {
      var save = document.createElement("a");
      save.href = URL.createObjectURL(blob);
      save.download = link.getAttribute("download") || decodeURIComponent(link.pathname.split("/").pop());
      document.body.appendChild(save);
      save.click();
      save.remove();
      setTimeout(function () { URL.revokeObjectURL(save.href); }, 60000);
    }).catch(function () { location.href = link.href; });
  });

  var button = document.querySelector("[data-lock]");
  if (!button) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    sessionStorage.removeItem(STORE);
    var worker = navigator.serviceWorker.controller;
    var done = function () { location.replace(scope.href); };
    if (!worker) { done(); return; }
    var channel = new MessageChannel();
    channel.port1.onmessage = done;
    worker.postMessage({type: "lock"}, [channel.port2]);
  });
})();

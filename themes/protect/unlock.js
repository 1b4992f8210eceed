/* Receipts: the unlock page of a protected site (docs/protect.md).
 *
 * Derives the passphrase's key (PBKDF2-HMAC-SHA256, WebCrypto) and hands it
 * to the service worker, which checks it and then serves the site decrypted.
 * The key is kept for this browser session in sessionStorage; a share link
 * carries the passphrase in the address's fragment (#passphrase=...), which
 * browsers never send to the server and which is removed at once; `&page=`
 * names a page of the site to open then.
 */
(function () {
  "use strict";

  var form = document.getElementById("unlock-form");
  var input = document.getElementById("unlock-passphrase");
  var keep = document.getElementById("unlock-remember");
  var status = document.getElementById("unlock-status");
  var button = form.querySelector("button[type=submit]");
  var scope = new URL(".", document.baseURI);
  var STORE = "receipts-protect:" + scope.pathname;

  function say(key) {
    status.textContent = key ? form.getAttribute("data-" + key) || "" : "";
    form.classList.toggle("has-error", Boolean(key) && key !== "busy");
  }

  function base64(buffer) {
    var view = new Uint8Array(buffer), text = "";
    for (var i = 0; i < view.length; i++) { text += String.fromCharCode(view[i]); }
    return btoa(text);
  }

  function bytes(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }

  function pageOfSite(address) {  // -> the URL `address` names if it is a page of this site, else null
    var page;
    try { page = new URL(address, scope); } catch (bad) { return null; }
    page.pathname = page.pathname.replace(/^\/+/, "/");  // "//host/..." would leave the site once used as a path
    page.hash = "";
    if (page.origin !== scope.origin || page.pathname.indexOf(scope.pathname) !== 0) { return null; }
    return page;
  }

  // where to go once unlocked: the page asked for, always as a full address of this origin
  var next = (pageOfSite(location.href) || scope).href;

  function sharedPassphrase() {  // #passphrase=...[&page=...]: read once, then gone from the address bar and history
    var hash = location.hash.slice(1);
    if (!hash) { return null; }
    var fields = new URLSearchParams(hash);
    var asked = fields.get("page") && pageOfSite(fields.get("page"));
    if (asked) { next = asked.href; }  // a page of this site, never another's
    history.replaceState(history.state, "", location.href.split("#")[0]);
    return fields.get("passphrase");
  }

  if (location.protocol === "file:" || !("serviceWorker" in navigator) || !window.crypto || !crypto.subtle ||
      !window.isSecureContext) {  // opened from disk, or an old browser: say so rather than fail on submit
    sharedPassphrase();
    say("unsupported");
    input.disabled = keep.disabled = button.disabled = true;
    return;
  }

  var worker = navigator.serviceWorker.register(new URL("sw.js", scope).href, {scope: scope.pathname})
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function (registration) { return registration.active; });
  var keysFile = fetch(new URL("_sealed/keys.json", scope).href, {cache: "no-cache"})
    .then(function (response) { if (!response.ok) { throw new Error("keys"); } return response.json(); });

  navigator.serviceWorker.onmessage = function (event) {  // the worker restarted and asks for the key again
    if (event.data && event.data.type === "need-key" && event.ports[0]) {
      event.ports[0].postMessage({bits: sessionStorage.getItem(STORE)});
    }
  };

  function ask(active, message) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data || {}); };
      active.postMessage(message, [channel.port2]);
    });
  }

  async function derive(passphrase) {
    var keys = await keysFile;
    var material = await crypto.subtle.importKey("raw", new TextEncoder().encode(passphrase.normalize("NFC")),
                                                 "PBKDF2", false, ["deriveBits"]);
    return crypto.subtle.deriveBits({name: "PBKDF2", hash: "SHA-256", salt: bytes(keys.salt),
                                     iterations: keys.iterations}, material, 256);
  }

  async function hand(bits, remember) {  // -> "" (unlocked) or what went wrong
    var answer = await ask(await worker, {type: "unlock", bits: bits, remember: remember});
    if (!answer.ok) { return answer.reason || "wrong"; }
    sessionStorage.setItem(STORE, base64(bits));
    location.replace(next);  // now served decrypted
    return "";
  }

  async function unlock(passphrase, remember) {
    say("busy");
    button.disabled = true;
    var problem;
    try {
      problem = await hand(await derive(passphrase), remember);
    } catch (failed) {
      problem = "offline";
    }
    button.disabled = false;
    if (problem) {
      say(problem);
      input.focus();
      input.select();
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (input.value) { unlock(input.value, keep.checked); }
  });

  var shared = sharedPassphrase();
  var session = sessionStorage.getItem(STORE);
  if (shared) {
    unlock(shared, false);
  } else if (session) {  // unlocked earlier in this tab: no need to ask again
    hand(bytes(session).buffer, false).then(function (problem) {
      if (problem) { sessionStorage.removeItem(STORE); }
    }, function () { sessionStorage.removeItem(STORE); });
  }
})();

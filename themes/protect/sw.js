/* Receipts: the service worker of a protected site (docs/protect.md).
 *
 * Once the unlock page hands it a passphrase's key, it serves every file of
 * the site decrypted: it maps the requested path to its opaque file through
 * the (encrypted) manifest, fetches that file and decrypts it with WebCrypto
 * (AES-256-GCM). The key stays in memory; "remember on this device" keeps it
 * in IndexedDB as a key that cannot be read back. Nothing here is secret.
 */
"use strict";

var SCOPE = new URL(self.registration.scope);
var SEALED = "_sealed/";
var STORE = "receipts-protect:" + SCOPE.pathname;  // one origin may serve several protected sites
var ASK_MS = 2000;  /* an open page answers at once, key or none; a busy one (a loaded phone) gets two seconds */

var kek = null;   // the passphrase's key (AES-KW), or null: locked
var site = null;  // {text, key, files} from the keys file last read
var pending = null;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function bytes(base64) {
  var text = atob(base64), out = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) { out[i] = text.charCodeAt(i); }
  return out;
}

function decrypt(key, label, data) {
  return crypto.subtle.decrypt({name: "AES-GCM", iv: data.subarray(0, 12),
                                additionalData: new TextEncoder().encode(label)}, key, data.subarray(12));
}

/* -- the key store: IndexedDB, for "remember on this device" only ------------------------------ */

function store(mode, action) {
  return new Promise(function (resolve, reject) {
    var request = indexedDB.open(STORE, 1);
    request.onupgradeneeded = function () { request.result.createObjectStore("keys"); };
    request.onerror = function () { reject(request.error); };
    request.onsuccess = function () {
      var db = request.result, tx = db.transaction("keys", mode), done = action(tx.objectStore("keys"));
      tx.oncomplete = function () { db.close(); resolve(done && done.result); };
      tx.onerror = function () { db.close(); reject(tx.error); };
    };
  });
}

function remembered() {
  return store("readonly", function (keys) { return keys.get("kek"); }).catch(function () { return null; });
}

function remember(key, yes) {
  return store("readwrite", function (keys) { return yes ? keys.put(key, "kek") : keys.delete("kek"); })
    .catch(function () { return null; });
}

/* -- finding the key: memory, this device, or an open page of the site that holds it -------------- */

function ask(client) {
  return new Promise(function (resolve) {
    var channel = new MessageChannel();
    var timer = setTimeout(function () { resolve(null); }, ASK_MS);
    channel.port1.onmessage = function (event) { clearTimeout(timer); resolve(event.data && event.data.bits); };
    client.postMessage({type: "need-key"}, [channel.port2]);
  });
}

async function fromPages() {
  var pages = await self.clients.matchAll({type: "window", includeUncontrolled: true});
  for (var i = 0; i < pages.length; i++) {
    if (pages[i].url.indexOf(SCOPE.href) !== 0) { continue; }
    var bits = await ask(pages[i]);
    if (bits) { return importKek(bytes(bits)); }
  }
  return null;
}

function importKek(bits) {
  return crypto.subtle.importKey("raw", bits, "AES-KW", false, ["unwrapKey"]);
}

async function findKek() {
  if (!kek) { kek = (await remembered()) || (await fromPages()); }
  return kek;
}

/* -- the keys file: which wrapped key this passphrase opens, and the manifest -------------------- */

async function open(passphraseKey, text) {
  var file = JSON.parse(text);
  for (var i = 0; i < file.keys.length; i++) {
    try {
      var key = await crypto.subtle.unwrapKey("raw", bytes(file.keys[i]), passphraseKey, "AES-KW",
                                              "AES-GCM", false, ["decrypt"]);
      var manifest = await decrypt(key, "\u0000manifest", bytes(file.manifest));
      return {text: text, key: key, files: JSON.parse(new TextDecoder().decode(manifest)).files};
    } catch (wrongKey) { /* another person's passphrase: try the next */ }
  }
  return null;
}

async function load(fresh) {
  var key = await findKek();
  if (!key) { return null; }
  if (site && !fresh) { return site; }
  var response;
  try {
    response = await fetch(new URL(SEALED + "keys.json", SCOPE), {cache: "no-cache"});
  } catch (offline) { return site; }  // offline: what was read stays good
  if (!response.ok) { return site; }
  var text = await response.text();
  if (site && site.text === text) { return site; }
  site = await open(key, text);
  if (!site) { await lock(); }  // the passphrase was removed or changed: ask for it again
  return site;
}

function current(fresh) {  // one reading at a time, shared by the requests that wait for it
  if (!pending) { pending = load(fresh).finally(function () { pending = null; }); }
  return pending;
}

async function lock() {
  kek = null;
  site = null;
  await remember(null, false);
}

/* -- messages from the pages ------------------------------------------------------------------ */

async function unlock(data) {
  var key = await importKek(data.bits);
  var response;
  try {
    response = await fetch(new URL(SEALED + "keys.json", SCOPE), {cache: "no-cache"});
  } catch (offline) { return {ok: false, reason: "offline"}; }
  if (!response.ok) { return {ok: false, reason: "offline"}; }
  var opened = await open(key, await response.text());
  if (!opened) { return {ok: false, reason: "wrong"}; }
  kek = key;
  site = opened;
  await remember(key, Boolean(data.remember));
  return {ok: true};
}

async function lockAll() {
  await lock();
  var pages = await self.clients.matchAll({type: "window", includeUncontrolled: true});
  pages.forEach(function (page) {
    if (page.url.indexOf(SCOPE.href) === 0) { page.postMessage({type: "locked"}); }
  });
  return {ok: true};
}

self.addEventListener("message", function (event) {
  var data = event.data || {}, port = event.ports[0];
  var work = data.type === "unlock" ? unlock(data) : data.type === "lock" ? lockAll() : null;
  if (!work) { return; }
  event.waitUntil(work.catch(function () { return {ok: false, reason: "error"}; })
    .then(function (answer) { if (port) { port.postMessage(answer); } }));
});

/* -- serving ------------------------------------------------------------------------------------ */

function sitePath(url) {
  var rest = url.pathname.slice(SCOPE.pathname.length);
  try { rest = decodeURIComponent(rest); } catch (malformed) { return null; }
  return rest === "" || rest.slice(-1) === "/" ? rest + "index.html" : rest;
}

async function unlockPage() {  // at any address of the site: its links are made relative to the site's root
  var response = await fetch(new URL("index.html", SCOPE), {cache: "no-cache"});
  var html = (await response.text()).replace("<head>", "<head><base href=\"" + SCOPE.href + "\">");
  return new Response(html, {headers: {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}});
}

async function decrypted(opened, path, status) {
  var entry = opened.files[path];
  var response = await fetch(new URL(SEALED + entry[0], SCOPE));
  if (!response.ok) { return null; }
  var body = await decrypt(opened.key, path, new Uint8Array(await response.arrayBuffer()));
  return new Response(body, {status: status, headers: {"Content-Type": entry[1]}});
}

async function serve(request, path) {
  var navigate = request.mode === "navigate";
  var opened = await current(navigate);  // a page: is there a newer build?
  if (!opened) { return navigate ? unlockPage() : fetch(request); }
  var status = 200;
  if (!opened.files[path]) {
    if (!navigate || !opened.files["404.html"]) { return fetch(request); }
    path = "404.html";
    status = 404;
  }
  var response = await decrypted(opened, path, status).catch(function () { return null; });
  if (!response && !navigate) { return new Response("", {status: 503}); }
  if (!response) {  // a file of an older build: read the keys file again, once
    opened = await current(true);
    response = opened && opened.files[path] && await decrypted(opened, path, status).catch(function () { return null; });
  }
  return response || unlockPage();
}

self.addEventListener("fetch", function (event) {
  var url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== SCOPE.origin || url.pathname.indexOf(SCOPE.pathname) !== 0) {
    return;
  }
  var path = sitePath(url);
  if (path === null || path === "sw.js" || path.indexOf(SEALED) === 0) { return; }  // the readable files
  event.respondWith(serve(event.request, path));
});

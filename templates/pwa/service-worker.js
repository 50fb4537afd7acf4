// Mitt hjul service worker, release {{ version }}.
// Keeps the app's own static files for offline use and an offline page. Pages are always fetched from
// the network and never written to Cache Storage: they may hold a family's or a child's data, and devices
// are shared. htmx requests are left alone entirely.
"use strict";

const VERSION = {{ version|tojson }};
const CACHE = "mitthjul-static-" + VERSION;
const PRECACHE = {{ precache|tojson }};
const OFFLINE_URL = {{ offline_url|tojson }};
// The offline page in every language; the one shown is the language of the page that was being used.
const LANGUAGES = {{ languages|tojson }};
let pageLanguage = null;
const offlineUrl = (request) => {
  const wanted = new URL(request.url).searchParams.get("lang") || pageLanguage;
  return `${OFFLINE_URL}?lang=${LANGUAGES.includes(wanted) ? wanted : LANGUAGES[0]}`;
};
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "lang" && LANGUAGES.includes(event.data.lang)) pageLanguage = event.data.lang;
});

importScripts({{ url_for('static', filename='js/outbox.js')|tojson }});

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // `reload` skips the HTTP cache, so a release never precaches an older file. No cookies go along:
    // these are nobody's, and a response must never set the session cookie of a page signed in meanwhile.
    const offline = LANGUAGES.map((lang) => `${OFFLINE_URL}?lang=${lang}`);
    await cache.addAll([...PRECACHE, ...offline].map((url) => new Request(url, { cache: "reload", credentials: "omit" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    const old = names.filter((name) => name.startsWith("mitthjul-") && name !== CACHE);
    await Promise.all(old.map((name) => caches.delete(name)));
    await self.clients.claim();
    if (old.length) {
      // Tell the open pages once that a new release is in use.
      const windows = await self.clients.matchAll({ type: "window" });
      windows.forEach((client) => client.postMessage({ type: "updated" }));
    }
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.headers.get("HX-Request")) return; // htmx: straight to the network, never a cache
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(async () => (await caches.match(offlineUrl(request))) || Response.error()));
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      return (await cache.match(request, { ignoreSearch: true })) || fetch(request);
    })());
  }
});

// Background Sync: check-ins kept while offline are sent when the connection returns.
self.addEventListener("sync", (event) => {
  if (event.tag === MitthjulOutbox.SYNC_TAG) {
    event.waitUntil(MitthjulOutbox.sendAll(null).then(async (sent) => {
      if (!sent.length) return;
      const windows = await self.clients.matchAll({ type: "window" });
      windows.forEach((client) => client.postMessage({ type: "outbox-sent", sent }));
    }));
  }
});
{% include "push/_sw_push.js" ignore missing %}

// Web push. The payload is {"v": 1, "type": kind, "lang": language, "url": path} and holds nothing personal:
// the text is chosen here, by kind, in the person's language, and names or content are read after sign-in.
(() => {
  const PUSH_TEXTS = {{ (push_texts() if push_texts is callable else push_texts)|tojson }};
  const PUSH_DEFAULT_LANGUAGE = "sv";
  const PUSH_ICON = "/static/icons/icon-any-192.png";

  // Only a path of this app ("/inbox", never "//elsewhere" or "https://..."): a payload cannot send anyone away.
  const safePath = (url) => {
    if (typeof url !== "string" || !url.startsWith("/") || url.startsWith("//") || url.startsWith("/\\")) return "/";
    const resolved = new URL(url, self.location.origin);
    return resolved.origin === self.location.origin ? resolved.pathname + resolved.search : "/";
  };

  self.addEventListener("push", (event) => {
    let payload = {};
    try {
      payload = (event.data && event.data.json()) || {};
    } catch (e) {
      payload = {};
    }
    const lang = Object.prototype.hasOwnProperty.call(PUSH_TEXTS, payload.lang) ? payload.lang : PUSH_DEFAULT_LANGUAGE;
    const texts = PUSH_TEXTS[lang];
    const type = Object.prototype.hasOwnProperty.call(texts, payload.type) ? payload.type : "generic";
    // Every push shows a notification (userVisibleOnly), even one this worker does not understand.
    event.waitUntil(self.registration.showNotification(texts[type].title, {
      body: texts[type].body,
      icon: PUSH_ICON,
      badge: PUSH_ICON,
      tag: type, // a second "something new" replaces the first instead of piling up
      renotify: true,
      lang: lang,
      dir: "auto",
      data: { url: safePath(payload.url) },
    }));
  });

  self.addEventListener("notificationclick", (event) => {
    event.notification.close();
    const target = new URL(safePath(event.notification.data && event.notification.data.url), self.location.origin).href;
    event.waitUntil((async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) {
        try {
          const navigated = await open.navigate(target);
          await (navigated || open).focus();
          return;
        } catch (e) {
          // A window this worker does not control cannot be navigated: open a new one instead.
        }
      }
      await self.clients.openWindow(target);
    })());
  });
})();

// The check-in outbox: a finished check-in that could not be sent waits in IndexedDB until the connection
// returns. Used by the pages and by the service worker (Background Sync). Never used in class mode: the
// pages of a shared class tablet name no owner, so nothing is ever kept there.
// Each check-in carries its own id (client_id), so sending it twice still stores it once.
"use strict";

const MitthjulOutbox = (() => {
  const DB_NAME = "mitthjul-outbox";
  const STORE = "check-ins";
  const SYNC_TAG = "mitthjul-outbox";
  const SAVE_URL = "/check-in/save";

  const open = () => new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "client_id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

  const run = async (mode, work) => {
    const db = await open();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const result = work(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  };

  // entry: {client_id, owner, fields: [[name, value], ...], saved_at}
  const keep = (entry) => run("readwrite", (store) => store.put(entry));
  const remove = (clientId) => run("readwrite", (store) => store.delete(clientId));
  const all = () => run("readonly", (store) => store.getAll());
  const waiting = async (owner) => (await all()).filter((e) => owner === null || e.owner === owner);

  // Send what waits for `owner` (null: everything, as the service worker does with the tokens kept).
  // Returns the ids that arrived, each with the address of the stored check-in.
  const sendAll = async (owner, csrfToken) => {
    const sent = [];
    for (const entry of await waiting(owner)) {
      const body = new URLSearchParams();
      entry.fields.forEach(([name, value]) => {
        body.append(name, name === "csrf_token" && csrfToken ? csrfToken : value);
      });
      // Dated when it was finished, not when the connection came back.
      if (entry.saved_at) body.set("finished_at", entry.saved_at);
      let response;
      try {
        response = await fetch(SAVE_URL, {
          method: "POST", body, credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken || body.get("csrf_token") || "" },
        });
      } catch (e) {
        break; // still offline: try again later
      }
      // The server answers a stored check-in with its page; anything else leaves the entry to try again
      // (another person signed in on this device, or the session ended: it waits for its own person).
      if (response.ok && new URL(response.url).pathname.startsWith("/check-ins/")) {
        await remove(entry.client_id);
        sent.push({ client_id: entry.client_id, url: new URL(response.url).pathname });
      }
    }
    return sent;
  };

  return { SYNC_TAG, keep, remove, waiting, sendAll };
})();

self.MitthjulOutbox = MitthjulOutbox;

// Notification settings: turn web push on or off for this device. The rest of the page works without it.
"use strict";

(() => {
  const box = document.getElementById("push-device");
  const status = document.getElementById("push-status");
  if (!box || !status) return;
  const onPart = document.getElementById("push-on");
  const offPart = document.getElementById("push-off");
  const devices = document.getElementById("push-devices");
  const say = (text) => { status.textContent = text || ""; };

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say(box.dataset.msgUnsupported);
    return;
  }

  const serverKey = (() => {
    const b64 = box.dataset.key.replace(/-/g, "+").replace(/_/g, "/");
    const raw = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  })();

  // The CSRF token comes from the page, as for htmx (app.js); fetch needs it set by hand.
  const post = async (url, body) => {
    const meta = document.querySelector('meta[name="csrf-token"]');
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json",
                 "X-CSRFToken": meta ? meta.content : "" },
      body: JSON.stringify(body),
    });
    let answer = {};
    try { answer = await response.json(); } catch (e) { answer = {}; }
    // A redirect means the session ended (fetch followed it to the sign-in page): not a success.
    if (!response.ok || response.redirected) throw new Error(answer.error || box.dataset.msgError);
    if (devices && answer.devices) devices.textContent = answer.devices;
    return answer;
  };

  const registration = async () => {
    if (!(await navigator.serviceWorker.getRegistration())) {
      await navigator.serviceWorker.register(box.dataset.worker, { scope: "/" });
    }
    return navigator.serviceWorker.ready;
  };

  // A subscription made with another server key (the keys were replaced) can no longer receive anything.
  const madeWithServerKey = (subscription) => {
    const key = subscription.options && subscription.options.applicationServerKey;
    if (!key) return true;
    const bytes = new Uint8Array(key);
    return bytes.length === serverKey.length && bytes.every((b, i) => b === serverKey[i]);
  };

  const show = (on) => {
    onPart.hidden = on || Notification.permission === "denied";
    offPart.hidden = !on;
    box.hidden = false;
    if (on) say(box.dataset.msgOn);
    else say(Notification.permission === "denied" ? box.dataset.msgDenied : box.dataset.msgOff);
  };

  const current = async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return reg ? reg.pushManager.getSubscription() : null;
  };

  const turnOn = async () => {
    say(box.dataset.msgWorking);
    if ((await Notification.requestPermission()) !== "granted") { show(false); return; }
    const reg = await registration();
    let subscription = await reg.pushManager.getSubscription();
    if (subscription && !madeWithServerKey(subscription)) {
      await subscription.unsubscribe();
      subscription = null;
    }
    if (!subscription) {
      subscription = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey });
    }
    await post(box.dataset.subscribeUrl, subscription.toJSON());
    show(true);
  };

  const turnOff = async () => {
    say(box.dataset.msgWorking);
    const subscription = await current();
    if (subscription) {
      await post(box.dataset.unsubscribeUrl, { endpoint: subscription.endpoint });
      await subscription.unsubscribe();
    }
    show(false);
  };

  const failed = (error) => say(error && error.message ? error.message : box.dataset.msgError);
  onPart.querySelector("button").addEventListener("click", () => turnOn().catch(failed));
  offPart.querySelector("button").addEventListener("click", () => turnOff().catch(failed));

  // On this page, a browser that already has notifications on sends its subscription again: the push service
  // may have renewed it, and the person's language may have changed since.
  (async () => {
    const subscription = await current();
    if (subscription && Notification.permission === "granted" && madeWithServerKey(subscription)) {
      // Only renewed if it is already this person's: merely opening this page never takes a browser over
      // from another adult who turned notifications on here.
      const answer = await post(`${box.dataset.subscribeUrl}?renew=1`, subscription.toJSON());
      show(answer.renewed === true);
    } else {
      show(false);
    }
  })().catch(failed);
})();

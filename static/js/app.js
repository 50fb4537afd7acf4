// Small progressive enhancements. Everything works without this file.
"use strict";

// htmx 4: every request carries the CSRF token from the page, whatever the markup says.
document.addEventListener("htmx:config:request", (evt) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) evt.detail.ctx.request.headers["X-CSRFToken"] = meta.content;
});

// No JavaScript in attributes: hx-on would need eval, which the CSP forbids.
document.addEventListener("htmx:before:on:init", (evt) => evt.preventDefault());

// A form with errors moves focus to its summary, so screen readers announce what to fix.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});

// Read-aloud with the browser's own speech, only in the page's language; says so when there is no voice.
(() => {
  if (!("speechSynthesis" in window)) return;
  const lang = document.documentElement.lang;
  const voiceFor = () => speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().split(/[-_]/)[0] === lang);
  const read = (button, quietIfNoVoice) => {
    const voice = voiceFor();
    const status = document.getElementById("read-aloud-status");
    if (!voice) {
      if (status && !quietIfNoVoice) status.textContent = status.dataset.noVoice;
      return;
    }
    const target = document.querySelector(button.dataset.read);
    speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(target ? target.textContent.trim() : "");
    utterance.voice = voice;
    utterance.lang = voice.lang;
    speechSynthesis.speak(utterance);
  };
  // Picture-first (ages 4-7): each question is read once by itself, the first time it is shown.
  const heard = new Set();
  const setup = (root) => {
    root.querySelectorAll("button.read-aloud[data-read]").forEach((button) => {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", () => read(button, false));
      const auto = button.dataset.autoread;
      if (auto && !heard.has(auto)) {
        heard.add(auto);
        // Voices load late on some browsers.
        if (voiceFor()) read(button, true);
        else speechSynthesis.addEventListener("voiceschanged", () => read(button, true), { once: true });
      }
    });
  };
  document.addEventListener("DOMContentLoaded", () => setup(document));
  document.addEventListener("htmx:after:swap", () => setup(document));
})();

// The picture pad: the page keeps the taps and sends the whole code in one request. One request per
// tap could arrive out of order when a child taps faster than the server answers, and a tap would be lost.
// Without this, each tap is a plain form post and the server keeps the taps so far.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const key = event.submitter;
  if (!form.matches("form[data-picture-pad]") || !key || key.name !== "picture") return;
  if (form.dataset.entered !== "0") return; // taps already waiting on the server: go on as without script
  event.preventDefault();
  event.stopImmediatePropagation();
  const taps = form.taps || (form.taps = []);
  if (form.dataset.sending) return;
  const progress = form.closest("#pad").querySelector(".code-progress");
  let notice = form.closest("#pad").querySelector(".notice");
  if (taps.includes(key.value)) {
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "notice";
      notice.setAttribute("role", "alert");
      progress.before(notice);
    }
    notice.textContent = progress.dataset.usedOnce;
    return;
  }
  if (notice) notice.remove();
  taps.push(key.value);
  progress.querySelectorAll(".dot").forEach((dot, i) => dot.classList.toggle("filled", i < taps.length));
  progress.querySelector(".visually-hidden").textContent = JSON.parse(progress.dataset.said)[taps.length];
  if (taps.length < progress.querySelectorAll(".dot").length) return;
  form.dataset.sending = "1";
  const code = document.createElement("input");
  code.type = "hidden";
  code.name = "code";
  code.value = taps.join(",");
  form.append(code);
  setTimeout(() => form.requestSubmit()); // a form cannot be submitted again inside its own submit event
}, true);

// Shared class tablets: back to the class screen after 90 seconds without a touch (with a gentle
// warning first), or a short while after a finished check-in. Nothing of the child stays behind.
(() => {
  const body = document.body;
  const classScreen = body && body.dataset.classTurn;
  if (!classScreen) return;
  const IDLE_MS = 90000;
  const WARN_MS = 70000;
  let idleTimer;
  let warnTimer;
  const status = () => document.getElementById("read-aloud-status");
  const reset = () => {
    clearTimeout(idleTimer);
    clearTimeout(warnTimer);
    const s = status();
    if (s && s.dataset.idle) { s.textContent = ""; delete s.dataset.idle; }
    warnTimer = setTimeout(() => {
      const el = status();
      if (el) { el.textContent = body.dataset.idleMessage; el.dataset.idle = "1"; }
    }, WARN_MS);
    idleTimer = setTimeout(() => location.replace(classScreen), IDLE_MS);
  };
  ["pointerdown", "keydown", "touchstart"].forEach((t) => document.addEventListener(t, reset, { passive: true }));
  reset();
  const done = document.querySelector("[data-return-after]");
  if (done) setTimeout(() => location.replace(done.href), Number(done.dataset.returnAfter) * 1000);
})();

// A calm line at the top of the page (offline, waiting, arrived, updated).
const showStatus = (text, link) => {
  const box = document.getElementById("app-status");
  if (!box) return;
  box.textContent = text;
  if (link) {
    const a = document.createElement("a");
    a.href = link;
    a.textContent = box.dataset.open;
    box.append(" ", a);
  }
  box.hidden = false;
};

// The service worker: static files for offline use, an offline page, and the check-in outbox.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/service-worker.js", { scope: "/" }).catch(() => {});
  // Which language an offline page should be in (only the language code: nothing personal).
  if (navigator.serviceWorker.controller) {
    navigator.serviceWorker.controller.postMessage({ type: "lang", lang: document.documentElement.lang });
  }
  navigator.serviceWorker.addEventListener("message", (event) => {
    const box = document.getElementById("app-status");
    if (!box || !event.data) return;
    if (event.data.type === "updated") showStatus(box.dataset.updated);
    if (event.data.type === "outbox-sent" && event.data.sent.length) showStatus(box.dataset.arrived, event.data.sent[0].url);
  });
}

// Check-ins never lost (family devices only: the page names the person it may keep check-ins for).
(() => {
  if (!("indexedDB" in window) || typeof MitthjulOutbox === "undefined") return;
  const ownerMeta = document.querySelector('meta[name="outbox-owner"]');
  const owner = ownerMeta ? ownerMeta.content : null;
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const box = () => document.getElementById("app-status");

  const flush = async () => {
    if (!owner) {
      // The offline page names nobody; it only says that something waits on this device.
      const note = document.querySelector("[data-outbox-note]");
      if (note && (await MitthjulOutbox.waiting(null)).length) note.hidden = false;
      return;
    }
    if (!(await MitthjulOutbox.waiting(owner)).length) return;
    if (!navigator.onLine) { showStatus(box().dataset.waiting); return; }
    const sent = await MitthjulOutbox.sendAll(owner, csrf());
    if (sent.length) showStatus(box().dataset.arrived, sent[sent.length - 1].url);
    else if ((await MitthjulOutbox.waiting(owner)).length) showStatus(box().dataset.waiting);
  };

  const keep = async (fields) => {
    await MitthjulOutbox.keep({ client_id: fields.find(([n]) => n === "client_id")[1], owner, fields,
                                saved_at: new Date().toISOString() });
    showStatus(box().dataset.waiting);
    if ("serviceWorker" in navigator) {
      // Not awaited: with no active service worker yet, `ready` waits for ever, and the page must go on.
      navigator.serviceWorker.ready
        .then((registration) => registration.sync && registration.sync.register(MitthjulOutbox.SYNC_TAG))
        .catch(() => {});
    }
  };

  // Saving: when the request cannot reach the server, the check-in waits in the outbox.
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!owner || !form.matches("form[data-offline-outbox]")) return;
    event.preventDefault();
    const fields = [...new FormData(form).entries()];
    try {
      const response = await fetch(form.action, { method: "POST", body: new URLSearchParams(fields),
                                                  credentials: "same-origin" });
      if (response.ok && response.redirected) { location.assign(response.url); return; }
      form.removeAttribute("data-offline-outbox");
      form.submit(); // the server has something to say (an error page): show it as it would without this
    } catch (e) {
      await keep(fields);
      form.querySelector("button[type=submit]").disabled = true;
    }
  }, true);

  // Answering without a connection: the page holds the rest of the questions, so the check-in goes on.
  const planScript = document.getElementById("check-in-plan");
  const plan = owner && planScript ? JSON.parse(planScript.textContent) : null;
  let offlineMode = false;
  let pending = null;
  const answers = plan ? { ...plan.answers } : {};

  const showStep = (number) => {
    const section = document.getElementById("step");
    const step = plan.steps[number - 1];
    section.dataset.step = String(number);
    section.querySelector(".step-picture img").src = step.pictogram;
    section.querySelector("#question").textContent = step.question;
    const meaning = section.querySelector(".meaning");
    if (meaning) meaning.textContent = step.meaning;
    section.querySelector(".progress-text").textContent = step.progress;
    section.querySelectorAll(".progress li").forEach((li, i) => {
      li.classList.toggle("done", plan.steps[i].key in answers);
      li.classList.toggle("current", i === number - 1);
      if (i === number - 1) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current");
    });
    section.querySelectorAll("button[name=answer]").forEach((b) => b.setAttribute("aria-pressed", "false"));
    section.querySelectorAll(".step-nav, .notice").forEach((el) => { el.hidden = true; });
    const question = section.querySelector("#question");
    question.setAttribute("tabindex", "-1");
    question.focus();
  };

  const finishOffline = async () => {
    const fields = [["csrf_token", csrf()], ["client_id", plan.client_id], ["wheel", plan.wheel],
                    ["subject", String(plan.subject)], ["author", plan.author]];
    plan.steps.forEach((s) => {
      const value = answers[s.key];
      fields.push([`part-${s.key}`, value ? String(value) : "skip"]);
    });
    plan.help.forEach((key) => fields.push(["help", key]));
    fields.push(["note", plan.note]);
    await keep(fields);
    if (navigator.onLine) flush(); // only the request failed: try once more at once
    const section = document.getElementById("step");
    section.querySelectorAll("form, .step-nav, .faces, .read-aloud, .meaning, .hint").forEach((el) => { el.hidden = true; });
    (section.querySelector("#question") || section.querySelector("h1")).textContent = box().dataset.waiting;
    box().hidden = true;
  };

  // The optional last step ("what would help?" and a note), from the copy the page holds.
  const showMore = () => {
    const more = document.getElementById("offline-more");
    if (!more) { finishOffline(); return; }
    const section = more.content.firstElementChild.cloneNode(true);
    section.id = "step";
    document.getElementById("step").replaceWith(section);
    section.querySelectorAll(".back").forEach((el) => el.remove()); // the questions are behind, not on the server
    const heading = section.querySelector("h1");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  };

  const answerOffline = async (value) => {
    offlineMode = true;
    const number = Number(document.getElementById("step").dataset.step);
    const step = plan.steps[number - 1];
    answers[step.key] = value === "skip" ? null : Number(value);
    if (number < plan.steps.length) showStep(number + 1);
    else showMore();
    // A child who does not feel safe at all sees at once who they can talk to, as they would online.
    const talk = document.getElementById("offline-talk");
    if (step.safety && value === "1" && talk) {
      const section = document.getElementById("step");
      section.prepend(talk.content.cloneNode(true));
      section.querySelector(".offline-talk").focus();
    }
  };

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (offlineMode && form.closest("#step.more")) {
      event.preventDefault();
      event.stopImmediatePropagation();
      const data = new FormData(form);
      plan.help = data.getAll("help");
      plan.note = String(data.get("note") || "").trim();
      finishOffline();
      return;
    }
    if (!form.closest("#step") || !form.querySelector("button[name=answer]")) return;
    const value = event.submitter ? event.submitter.value : null;
    if (plan && value && (offlineMode || !navigator.onLine)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      answerOffline(value);
      return;
    }
    const number = Number(document.getElementById("step").dataset.step);
    pending = value && plan ? { key: plan.steps[number - 1].key, value } : null;
  }, true);
  // The server took the answer: the page's copy of the answers follows, so nothing given online is lost
  // if the rest is answered offline.
  document.addEventListener("htmx:after:swap", () => {
    if (pending) answers[pending.key] = pending.value === "skip" ? null : Number(pending.value);
    pending = null;
  });

  // The request failed on its way (the connection dropped): go on offline with the same answer.
  document.addEventListener("htmx:error", () => {
    if (plan && pending) { const { value } = pending; pending = null; answerOffline(value); return; }
    const b = box();
    if (b && !navigator.onLine) showStatus(b.dataset.offline);
  });

  window.addEventListener("online", flush);
  document.addEventListener("DOMContentLoaded", flush);
})();

// Add to home screen: the browser's own prompt where it offers one; on iOS, how to do it by hand.
(() => {
  const hint = document.getElementById("install-hint");
  if (!hint || window.matchMedia("(display-mode: standalone)").matches || navigator.standalone) return;
  if (localStorage.getItem("install-hint") === "dismissed") return;
  const button = document.getElementById("install-button");
  let prompt = null;
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    prompt = event;
    hint.hidden = false;
    button.hidden = false;
  });
  if (/iPad|iPhone|iPod/.test(navigator.userAgent)) {
    hint.hidden = false;
    document.getElementById("install-ios").hidden = false;
  }
  button.addEventListener("click", async () => {
    if (!prompt) return;
    prompt.prompt();
    await prompt.userChoice;
    prompt = null;
    hint.hidden = true;
  });
  document.getElementById("install-dismiss").addEventListener("click", () => {
    hint.hidden = true;
    localStorage.setItem("install-hint", "dismissed"); // not personal: only that the hint was declined
  });
})();

// A page restored from the back/forward cache is fetched again, so a shared device never shows old content.
window.addEventListener("pageshow", (event) => { if (event.persisted) location.reload(); });

// Leadport's only script: the live parts of the pages. Every page works
// without it for reading; it adds live import progress, confirmations,
// the wizard's checks and local times. No build step, no library.
"use strict";

(function () {
  const lang = document.documentElement.lang || "en";
  const numberFormat = new Intl.NumberFormat(lang === "fr" ? "fr-CA" : "en-CA");

  function pad(n) { return String(n).padStart(2, "0"); }

  // Times come from the server in UTC; show them in the browser's zone.
  function localTime(iso) {
    const d = new Date(iso);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " +
      pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  // fillTime writes a local time into a <time>: the date and the time of
  // day each kept whole, so that a narrow column breaks between them only.
  function fillTime(t, iso) {
    const parts = localTime(iso).split(" ");
    t.textContent = "";
    parts.forEach(function (p, i) {
      if (i > 0) t.appendChild(document.createTextNode(" "));
      const s = document.createElement("span");
      s.className = "nowrap";
      s.textContent = p;
      t.appendChild(s);
    });
    t.title = iso;
  }

  function localizeTimes(root) {
    root.querySelectorAll("time[datetime]").forEach(function (t) {
      fillTime(t, t.getAttribute("datetime"));
    });
  }

  function timeCell(cell, iso) {
    cell.textContent = "";
    if (!iso) {
      const s = document.createElement("span");
      s.className = "muted";
      s.textContent = "—";
      cell.appendChild(s);
      return;
    }
    const t = document.createElement("time");
    t.setAttribute("datetime", iso);
    fillTime(t, iso);
    cell.appendChild(t);
  }

  // Buttons and links with data-open="id" open the <dialog> with that id.
  function wireDialogs() {
    document.querySelectorAll("[data-open]").forEach(function (el) {
      el.addEventListener("click", function (ev) {
        const d = document.getElementById(el.dataset.open);
        if (d && d.showModal) {
          ev.preventDefault();
          d.showModal();
        }
      });
    });
  }

  // The finalize checkbox asks first; cancelling unticks it.
  function wireFinalize() {
    document.querySelectorAll("form.finalize-form").forEach(function (form) {
      const box = form.querySelector("input.finalize");
      const dialog = document.getElementById(form.dataset.dialog);
      if (!box || !dialog) return;
      let confirmed = false;
      box.addEventListener("change", function () {
        if (!box.checked) return;
        confirmed = false;
        dialog.showModal();
      });
      dialog.querySelector("[data-confirm]").addEventListener("click", function () {
        confirmed = true;
        dialog.close();
        box.disabled = false;
        form.submit();
      });
      dialog.querySelector("[data-cancel]").addEventListener("click", function () { dialog.close(); });
      dialog.addEventListener("close", function () {
        if (!confirmed) box.checked = false;
      });
    });
  }

  // The Import module: while an import is queued or running, ask
  // /api/imports every second and update its row.
  function wireImports() {
    const table = document.getElementById("imports");
    if (!table) return;
    const labels = JSON.parse(table.dataset.labels || "{}");
    const live = function () {
      return table.querySelector('tr[data-status="queued"], tr[data-status="running"]') !== null;
    };
    let timer = null;

    function update(row, imp) {
      row.dataset.status = imp.status;
      row.dataset.finalized = String(imp.finalized);
      const status = row.querySelector('[data-k="status"]');
      status.textContent = labels["status_" + imp.status] || imp.status;
      status.className = "badge status-" + imp.status;
      ["processed", "total", "created", "merged", "leads_changed", "associated", "failed", "notes"].forEach(function (k) {
        row.querySelectorAll('[data-k="' + k + '"]').forEach(function (el) {
          el.textContent = numberFormat.format(imp[k]);
        });
      });
      const running = imp.status === "queued" || imp.status === "running";
      if (!running) {
        const flash = document.querySelector('.flash[data-import="' + imp.id + '"]');
        if (flash) flash.remove();
      }
      const bar = row.querySelector("progress");
      bar.max = Math.max(imp.total, 1);
      bar.value = imp.processed;
      bar.hidden = !running;
      timeCell(row.querySelector('[data-k="started_at"]'), imp.started_at);
      timeCell(row.querySelector('[data-k="finished_at"]'), imp.finished_at);

      const finished = imp.status === "finished";
      const mine = row.dataset.mine === "true";
      const chart = row.querySelector("svg.chart");
      chart.toggleAttribute("hidden", !finished);
      ["created", "merged", "associated", "failed"].forEach(function (k) {
        const rect = chart.querySelector('[data-bar="' + k + '"]');
        const w = imp.processed > 0 ? Math.min(100, Math.floor(imp[k] * 100 / imp.processed)) : 0;
        rect.setAttribute("width", String(w));
        const title = rect.querySelector("title");
        if (title) title.textContent = title.textContent.replace(/[\d\s,.\u202f]+$/, " " + imp[k]);
      });
      const box = row.querySelector("input.finalize");
      box.checked = imp.finalized;
      box.disabled = !(mine && finished && !imp.finalized);
      row.querySelector("button.revert").hidden = !(mine && !imp.finalized && (finished || imp.status === "failed"));
      row.querySelector("a.issues-link").hidden = !(finished || imp.status === "failed") || !(mine || imp.finalized);
    }

    function poll() {
      fetch("/api/imports", { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (list) {
          list.forEach(function (imp) {
            const row = table.querySelector('tr[data-id="' + imp.id + '"]');
            if (row) update(row, imp);
          });
        })
        .catch(function () { /* try again on the next tick */ })
        .finally(function () {
          timer = live() ? setTimeout(poll, 1000) : null;
        });
    }
    if (live()) timer = setTimeout(poll, 1000);
  }

  // Wizard step 1: refuse a file over the limit before sending it.
  function wireUpload() {
    const form = document.getElementById("upload-form");
    if (!form) return;
    const input = form.querySelector('input[type="file"]');
    const warn = document.getElementById("file-too-large");
    const max = Number(form.dataset.max || 0);
    function check() {
      const f = input.files && input.files[0];
      const over = !!(f && max > 0 && f.size > max);
      warn.hidden = !over;
      return !over;
    }
    input.addEventListener("change", check);
    form.addEventListener("submit", function (ev) {
      if (!check()) ev.preventDefault();
    });
  }

  // Wizard step 2: a new delimiter, encoding or sheet reloads the page (the
  // columns themselves change); Save stays disabled until the required
  // fields are mapped, each field once; any other change fetches the
  // preview for the form's settings (GET …/preview, which saves nothing)
  // and puts it in place, the old one marked out of date meanwhile.
  function wireSetup() {
    const form = document.getElementById("setup-form");
    if (!form) return;
    form.querySelectorAll("[data-autosubmit]").forEach(function (sel) {
      sel.addEventListener("change", function () { form.requestSubmit(document.getElementById("update-preview")); });
    });
    const selects = Array.from(form.querySelectorAll("select.map-select"));
    const save = document.getElementById("save");
    const problems = document.getElementById("mapping-problems");
    const fileError = document.getElementById("file-error");

    function check() {
      const mapped = {};
      let duplicate = false;
      selects.forEach(function (s) {
        const tr = s.closest("tr");
        if (tr) tr.classList.toggle("mapped", s.value !== "");
        if (s.value === "") return;
        const key = s.value.split("@")[0]; // "phone_home@7": a phone whose slot column 7 names
        if (mapped[key]) duplicate = true;
        mapped[key] = true;
      });
      const nameOK = mapped.full_name || (mapped.first_name && mapped.last_name);
      const contactOK = ["phone_home", "phone_mobile", "phone_work", "email_home", "email_work"].some(function (k) { return mapped[k]; });
      document.querySelectorAll("[data-req]").forEach(function (el) {
        const ok = el.dataset.req === "name" ? nameOK : contactOK;
        el.classList.toggle("ok", !!ok);
        el.classList.toggle("missing", !ok);
      });
      problems.querySelector('[data-problem="name"]').hidden = !!nameOK;
      problems.querySelector('[data-problem="contact"]').hidden = !!contactOK;
      problems.querySelector('[data-problem="duplicate"]').hidden = !duplicate;
      problems.hidden = !!(nameOK && contactOK && !duplicate);
      save.disabled = !(nameOK && contactOK && !duplicate && selects.length > 0 && !fileError);
    }
    selects.forEach(function (s) { s.addEventListener("change", check); });
    check();
    wirePreview(form);
  }

  // wirePreview keeps the preview live (see wireSetup).
  function wirePreview(form) {
    const section = document.getElementById("preview");
    const status = document.getElementById("preview-status");
    if (!section || !status || !window.fetch || !window.DOMParser) return;
    let controller = null;
    let generation = 0;

    function query() {
      const q = new URLSearchParams();
      new FormData(form).forEach(function (v, k) {
        if (k !== "from" && typeof v === "string") q.append(k, v);
      });
      return q.toString();
    }
    function say(state, text) {
      section.dataset.state = state;
      status.dataset.state = state;
      status.textContent = text;
      status.hidden = text === "";
    }
    function refresh() {
      const mine = ++generation;
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      say("loading", section.dataset.loading);
      countStale();
      fetch(section.dataset.url + "?" + query(), {
        credentials: "same-origin", redirect: "manual", headers: { "Accept": "text/html" },
        signal: controller ? controller.signal : undefined
      }).then(function (resp) {
        if (resp.type === "opaqueredirect") {
          // The session ended: the login page is not a preview.
          throw new Error(section.dataset.offline);
        }
        return resp.text().then(function (text) {
          const doc = new DOMParser().parseFromString(text, "text/html");
          const fresh = doc.getElementById("preview-body");
          if (!resp.ok || !fresh) {
            const msg = doc.getElementById("error-message");
            throw new Error(msg ? msg.textContent.trim() : "HTTP " + resp.status);
          }
          return fresh;
        });
      }).then(function (fresh) {
        if (mine !== generation) return;
        const x = window.scrollX, y = window.scrollY;
        const old = document.getElementById("preview-body");
        const oldCount = old.querySelector("#count");
        const node = document.importNode(fresh, true);
        // Counts of the earlier settings stay, marked as such, until the
        // whole file is counted again.
        const newCount = node.querySelector("#count");
        if (oldCount && newCount && !oldCount.hidden) {
          newCount.replaceWith(oldCount);
        }
        old.replaceWith(node);
        window.scrollTo(x, y);
        say("fresh", "");
        wirePreviewBody();
      }).catch(function (err) {
        if (mine !== generation || (err && err.name === "AbortError")) return;
        const why = err instanceof TypeError ? section.dataset.offline : err.message;
        say("failed", section.dataset.failed + " " + why);
      });
    }
    // Each control is listened to itself: a change event need not bubble.
    form.querySelectorAll("select, input").forEach(function (el) {
      if (el.type === "hidden" || el.hasAttribute("data-autosubmit") || el.id === "mapping-from") return;
      el.addEventListener("change", refresh);
    });
    // Without this script, Update preview reloads the page; with it, it
    // fetches the preview again (after a failure, for instance).
    const update = document.getElementById("update-preview");
    if (update) {
      update.addEventListener("click", function (ev) {
        ev.preventDefault();
        refresh();
      });
    }
    wirePreviewBody();
  }

  // wirePreviewBody wires what the preview holds: the whole-file count and
  // the problems summary's links.
  function wirePreviewBody() {
    localizeTimes(document.getElementById("preview-body") || document);
    wireCount();
    document.querySelectorAll("#problems a.problem-link").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        const cell = document.getElementById(a.dataset.target);
        if (!cell) return;
        ev.preventDefault();
        showCell(cell);
      });
    });
  }

  // showCell scrolls the page and the preview's own scroll box to a cell,
  // and highlights it for a moment.
  function showCell(cell) {
    document.querySelectorAll(".preview .jumped").forEach(function (c) { c.classList.remove("jumped"); });
    cell.scrollIntoView({ block: "center", inline: "center" });
    cell.focus({ preventScroll: true });
    cell.classList.add("jumped");
    history.replaceState(null, "", "#" + cell.id);
  }

  // A button with data-copy="id" copies that element's text to the
  // clipboard and says so (data-copied).
  function wireCopy() {
    document.querySelectorAll("[data-copy]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        const src = document.getElementById(btn.dataset.copy);
        if (!src) return;
        const text = src.textContent.trim();
        const done = function () {
          btn.textContent = btn.dataset.copied || btn.textContent;
          btn.classList.add("done");
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { selectAndCopy(src) && done(); });
        } else if (selectAndCopy(src)) {
          done();
        }
      });
    });
  }

  // wireCount counts the whole file in the server (GET …/count streams its
  // progress) instead of reloading the page; leaving the page, Stop, or a
  // change of the settings closes the stream, and the server stops a count
  // nobody watches.
  let counting = null; // the stream of the count shown, while it runs

  function wireCount() {
    const link = document.getElementById("dryrun-link");
    const box = document.getElementById("count");
    if (!link || !box || !window.EventSource || link.dataset.wired) return;
    link.dataset.wired = "1";
    link.addEventListener("click", function (ev) {
      ev.preventDefault();
      const box = document.getElementById("count");
      const text = document.getElementById("count-text");
      const stop = document.getElementById("count-cancel");
      stopCount();
      link.hidden = true;
      box.hidden = false;
      stop.hidden = false;
      box.classList.remove("stale");
      text.textContent = "";
      box.querySelectorAll("[data-c]").forEach(function (b) { b.textContent = ""; });
      const es = new EventSource(link.dataset.countUrl);
      counting = es;
      box.dataset.status = "started";
      es.onmessage = function (m) {
        const e = JSON.parse(m.data);
        box.dataset.status = e.status;
        text.textContent = e.text + (e.status === "counting" && e.total ? " (" + e.percent + " %)" : "");
        ["created", "merged", "associated", "failed", "notes"].forEach(function (k) {
          const b = box.querySelector("[data-c=" + k + "]");
          if (b) b.textContent = e[k];
        });
        if (e.finished) { es.close(); stop.hidden = true; counting = null; }
      };
      es.onerror = function () { es.close(); };
      stop.onclick = function () {
        stopCount();
        box.dataset.status = "stopped";
        stop.hidden = true;
        link.hidden = false;
      };
    });
  }

  function stopCount() {
    if (counting) { counting.close(); counting = null; }
  }

  // countStale marks the counts shown as those of the earlier settings.
  function countStale() {
    stopCount();
    const box = document.getElementById("count");
    const section = document.getElementById("preview");
    if (!box || box.hidden || !section) return;
    box.dataset.status = "stale";
    box.classList.add("stale");
    document.getElementById("count-text").textContent = section.dataset.countStale;
    document.getElementById("count-cancel").hidden = true;
    const link = document.getElementById("dryrun-link");
    if (link) link.hidden = false;
  }

  function selectAndCopy(el) {
    const range = document.createRange();
    range.selectNodeContents(el);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    localizeTimes(document);
    wireCopy();
    wireDialogs();
    wireFinalize();
    wireImports();
    wireUpload();
    wireSetup();
    wireCount();
  });
})();

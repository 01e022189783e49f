/* keiyaku-lint web app: small, dependency-free enhancements of the
   server-rendered pages. Served by the app itself (no CDN); the pages' CSP
   allows only this script. */
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  /* --- the check page: pick or drop files, upload each with its own progress --- */
  function checkPage() {
    var form = $("#check-form");
    if (!form) return;
    var rules = JSON.parse(form.dataset.skipRules || "{}");
    var maxFiles = parseInt(form.dataset.maxFiles, 10) || 200;
    var maxBytes = parseInt(form.dataset.maxBytes, 10) || 50 * 1048576;
    var L = form.dataset;
    var drop = $("#drop");
    var busy = false;

    function skipReason(file, fromFolder) {
      var path = file.webkitRelativePath || file.name;
      var parts = path.split("/");
      var name = parts[parts.length - 1];
      var low = name.toLowerCase();
      var dot = low.lastIndexOf(".");
      var ext = dot >= 0 ? low.slice(dot) : "";
      if (!fromFolder) return null; /* a file given by itself is always checked, as `check FILE` does */
      for (var i = 0; i < parts.length - 1; i++) if (parts[i].charAt(0) === ".") return "hidden";
      var known = (rules.globs || []).indexOf(ext) >= 0;
      if (name.charAt(0) === ".") return known ? "hidden" : "";
      if (!known) return rules.unread && rules.unread[ext] ? rules.unread[ext] : "";
      if (name.indexOf("~$") === 0) return "lock_file";
      var stem = name.split(/[._-]/)[0].toUpperCase();
      if ((rules.docs || []).indexOf(stem) >= 0) return "documentation";
      return null;
    }

    function start(files, fromFolder) {
      if (busy || !files.length) return;
      var list = [], skipped = [];
      files.forEach(function (f) {
        var why = skipReason(f, fromFolder);
        if (why === null) list.push(f);
        else if (why) skipped.push({ name: f.webkitRelativePath || f.name, reason: why });
      });
      var section = $("#progress");
      var ol = $("#file-list");
      ol.innerHTML = "";
      section.hidden = false;
      $("#progress-title").textContent = L.lFiles.replace("{n}", list.length);
      skipped.forEach(function (s) {
        var li = el("li", "row skipped");
        li.appendChild(el("span", "name", s.name));
        li.appendChild(el("span", "state", L.lSkipped));
        ol.appendChild(li);
      });
      if (!list.length) return;
      if (list.length > maxFiles) {
        var li = el("li", "row failed", "E602: " + list.length + " > " + maxFiles);
        ol.appendChild(li);
        return;
      }
      busy = true;
      var folders = $$('input[name="folder"]:checked').map(function (x) { return x.value; });
      var hasFolders = $$('input[name="folder"]').length > 0;
      var body = { profile: $("#profile").value, skipped: skipped };
      if (hasFolders) body.folders = folders;
      fetch("/ui/checks", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify(body)
      }).then(function (r) {
        return r.json().then(function (j) { if (!r.ok) throw j; return j; });
      }).then(function (check) {
        upload(check, list, ol, fromFolder);
      }).catch(function (e) {
        busy = false;
        var msg = e && e.error ? "[" + e.error.code + "] " + e.error.message : String(e);
        ol.appendChild(el("li", "row failed", msg));
      });
    }

    function upload(check, files, ol, fromFolder) {
      var rows = files.map(function (f) {
        var li = el("li", "row queued");
        var name = el("span", "name", f.webkitRelativePath || f.name);
        var bar = el("progress");
        bar.max = 100; bar.value = 0;
        var state = el("span", "state", L.lQueued);
        li.appendChild(name); li.appendChild(bar); li.appendChild(state);
        ol.appendChild(li);
        return { file: f, li: li, bar: bar, state: state, name: name };
      });
      var next = 0, running = 0, done = 0, failed = 0, lastUrl = null;
      var parallel = 2;
      function pump() {
        while (running < parallel && next < rows.length) send(next++);
        if (done === rows.length) finish();
      }
      function send(i) {
        var row = rows[i];
        running++;
        if (row.file.size > maxBytes) { end(row, "failed", "E601 > " + Math.round(maxBytes / 1048576) + " MB"); failed++; return; }
        var data = new FormData();
        data.append("index", String(i));
        if (fromFolder) data.append("from_folder", "1");
        data.append("file", row.file, row.file.webkitRelativePath || row.file.name);
        var xhr = new XMLHttpRequest();
        xhr.open("POST", "/ui/checks/" + encodeURIComponent(check.id) + "/files");
        xhr.setRequestHeader("X-CSRF-Token", csrf);
        row.li.className = "row uploading";
        row.state.textContent = L.lUploading;
        xhr.upload.onprogress = function (ev) {
          if (ev.lengthComputable) row.bar.value = Math.round(90 * ev.loaded / ev.total);
        };
        xhr.upload.onload = function () { row.bar.value = 90; row.li.className = "row checking"; row.state.textContent = L.lChecking; row.bar.removeAttribute("value"); };
        xhr.onload = function () {
          var j = {};
          try { j = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
          if (xhr.status === 200 && j.skipped) { end(row, "skipped", L.lSkipped + ": " + j.reason); return; }
          if (xhr.status === 200) {
            var a = el("a", "verdict " + j.verdict, j.verdict_label);
            a.href = j.url;
            lastUrl = j.url;
            end(row, "done " + j.verdict, null, a);
            return;
          }
          failed++;
          end(row, "failed", j.error ? "[" + j.error.code + "] " + j.error.message : String(xhr.status));
        };
        xhr.onerror = function () { failed++; end(row, "failed", L.lFailed); };
        xhr.send(data);
      }
      function end(row, cls, text, link) {
        running--; done++;
        row.li.className = "row " + cls;
        row.bar.value = 100;
        row.state.textContent = text || "";
        if (link) { row.state.textContent = ""; row.state.appendChild(link); }
        pump();
      }
      function finish() {
        busy = false;
        var button = $("#show-results");
        var checked = rows.filter(function (r) { return / done /.test(" " + r.li.className + " "); }).length;
        button.href = checked === 1 && rows.length === 1 && lastUrl ? lastUrl : check.url;
        button.hidden = false;
        if (!failed && checked) window.location.assign(button.href);
      }
      pump();
    }

    $("#pick-files").addEventListener("change", function (e) { start(Array.prototype.slice.call(e.target.files), false); e.target.value = ""; });
    $("#pick-folder").addEventListener("change", function (e) { start(Array.prototype.slice.call(e.target.files), true); e.target.value = ""; });
    ["dragenter", "dragover"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      var items = e.dataTransfer.items, files = [], pending = 0, fromFolder = false;
      function walk(entry, prefix) {
        pending++;
        if (entry.isFile) {
          entry.file(function (f) {
            if (prefix) { try { Object.defineProperty(f, "webkitRelativePath", { value: prefix + f.name }); } catch (x) { /* read-only */ } }
            files.push(f); if (--pending === 0) start(files, fromFolder);
          }, function () { if (--pending === 0) start(files, fromFolder); });
        } else if (entry.isDirectory) {
          fromFolder = true;
          var reader = entry.createReader();
          var readAll = function () {
            reader.readEntries(function (ents) {
              if (!ents.length) { if (--pending === 0) start(files, fromFolder); return; }
              ents.forEach(function (x) { walk(x, prefix + entry.name + "/"); });
              readAll();
            });
          };
          readAll();
        } else if (--pending === 0) start(files, fromFolder);
      }
      if (items && items.length && items[0].webkitGetAsEntry) {
        for (var i = 0; i < items.length; i++) {
          var en = items[i].webkitGetAsEntry();
          if (en) walk(en, "");
        }
      } else {
        start(Array.prototype.slice.call(e.dataTransfer.files), false);
      }
    });
    drop.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("#pick-files").click(); } });
  }

  /* --- the matrix: sort by a column, problems only, filter by name, print --- */
  function matrixPage() {
    var table = $("#matrix");
    if (!table) return;
    var tbody = table.tBodies[0];
    $$("thead th", table).forEach(function (th, col) {
      th.tabIndex = 0;
      th.classList.add("sort");
      var dir = 1;
      function sort() {
        var kind = th.dataset.sort;
        var rows = Array.prototype.slice.call(tbody.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col];
          var vx, vy;
          if (kind === "rank") { vx = +x.dataset.rank; vy = +y.dataset.rank; }
          else if (kind === "num") { vx = +x.dataset.num; vy = +y.dataset.num; }
          else { return dir * x.textContent.trim().localeCompare(y.textContent.trim(), "ja"); }
          return dir * (vx - vy);
        });
        rows.forEach(function (r) { tbody.appendChild(r); });
        $$("thead th", table).forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
        dir = -dir;
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
    function filter() {
      var only = $("#only-problems").checked;
      var q = $("#name-filter").value.trim().toLowerCase();
      Array.prototype.forEach.call(tbody.rows, function (r) {
        var hide = (only && r.classList.contains("ok")) || (q && r.dataset.name.indexOf(q) < 0);
        r.hidden = !!hide;
      });
    }
    $("#only-problems").addEventListener("change", filter);
    $("#name-filter").addEventListener("input", filter);
    $("#print").addEventListener("click", function () { window.print(); });
  }

  /* --- the one-file view: evidence and outline move the text pane --- */
  function filePage() {
    var text = $("#doc-text");
    function show(block, clause) {
      var target = document.getElementById("b" + block);
      if (!target) return;
      $$(".flash").forEach(function (x) { x.classList.remove("flash"); });
      $$("mark.active").forEach(function (x) { x.classList.remove("active"); });
      var pane = text && text.scrollHeight > text.clientHeight + 4 && getComputedStyle(text).overflowY !== "visible";
      if (pane) {  /* only the text pane moves: the verdicts and the outline stay where they are */
        var top = target.getBoundingClientRect().top - text.getBoundingClientRect().top + text.scrollTop;
        text.scrollTo({ top: Math.max(0, top - text.clientHeight / 3), behavior: "smooth" });
        var box = text.getBoundingClientRect();
        if (box.top < 0 || box.top > window.innerHeight) text.scrollIntoView({ block: "start" });
      } else {
        target.scrollIntoView({ block: "center", behavior: "smooth" });
      }
      var marks = clause ? $$("mark.ev", target).filter(function (m) { return (" " + m.dataset.clauses + " ").indexOf(" " + clause + " ") >= 0; }) : [];
      if (marks.length) marks.forEach(function (m) { m.classList.add("active"); });
      target.classList.add("flash");
    }
    $$("a.evidence-link, .outline a[data-block]").forEach(function (a) {
      a.addEventListener("click", function (e) {
        if (!text) return;
        e.preventDefault();
        show(a.dataset.block, a.dataset.clause);
        if (history.replaceState) history.replaceState(null, "", "#b" + a.dataset.block);
      });
    });
    if (text) {
      $$("mark.ev", text).forEach(function (m) {
        m.tabIndex = 0;
        m.addEventListener("click", function () {
          var first = (m.dataset.clauses || "").split(" ")[0];
          var card = document.getElementById("clause-" + first);
          if (card) { card.scrollIntoView({ block: "nearest", behavior: "smooth" }); card.classList.add("flash"); setTimeout(function () { card.classList.remove("flash"); }, 1500); }
        });
      });
    }
  }

  /* --- copy buttons (recommended wording) --- */
  function copyButtons() {
    $$("button.copy").forEach(function (b) {
      b.addEventListener("click", function () {
        var src = document.getElementById(b.dataset.copy);
        if (!src) return;
        var value = src.textContent;
        var label = b.dataset.label || (b.dataset.label = b.textContent);
        function ok() { b.textContent = b.dataset.done; b.classList.add("copied"); setTimeout(function () { b.textContent = label; b.classList.remove("copied"); }, 2500); }
        /* the selection copy works at once, without asking for a permission; the clipboard API is the fallback */
        if (fallback(value)) { ok(); return; }
        if (navigator.clipboard) navigator.clipboard.writeText(value).then(ok, function () { /* nothing more to try */ });
      });
    });
    function fallback(value) {
      var ta = document.createElement("textarea");
      ta.value = value; ta.setAttribute("readonly", ""); ta.style.position = "fixed"; ta.style.opacity = "0";
      document.body.appendChild(ta); ta.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(ta);
      return done;
    }
  }

  /* --- the generate form: what a date means in 和暦 / 西暦; more table rows --- */
  var ERAS = [["令和", "R", 2019, 5, 1], ["平成", "H", 1989, 1, 8], ["昭和", "S", 1926, 12, 25], ["大正", "T", 1912, 7, 30], ["明治", "M", 1868, 1, 25]];
  function parseDate(s) {
    s = s.trim().replace(/[０-９／－．]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); });
    var m = s.match(/^(\d{4})[-\/年](\d{1,2})[-\/月](\d{1,2})日?$/);
    if (m) return [+m[1], +m[2], +m[3]];
    m = s.match(/^(令和|平成|昭和|大正|明治|[RHSTMrhstm])\s*(元|\d{1,2})\s*[年.\/-]\s*(\d{1,2})\s*[月.\/-]\s*(\d{1,2})\s*日?$/);
    if (!m) return null;
    for (var i = 0; i < ERAS.length; i++) {
      if (ERAS[i][0] === m[1] || ERAS[i][1] === m[1].toUpperCase()) {
        var n = m[2] === "元" ? 1 : +m[2];
        return [ERAS[i][2] + n - 1, +m[3], +m[4]];
      }
    }
    return null;
  }
  function wareki(y, mo, d) {
    for (var i = 0; i < ERAS.length; i++) {
      var e = ERAS[i];
      if (y > e[2] || (y === e[2] && (mo > e[3] || (mo === e[3] && d >= e[4])))) {
        var n = y - e[2] + 1;
        return e[0] + (n === 1 ? "元" : n) + "年" + mo + "月" + d + "日";
      }
    }
    return "";
  }
  function generateForm() {
    $$("input.date").forEach(function (input) {
      var out = $('.date-preview[data-for="' + input.id + '"]');
      function update() {
        var d = input.value ? parseDate(input.value) : null;
        out.textContent = d ? " → " + d[0] + "年" + d[1] + "月" + d[2] + "日（" + wareki(d[0], d[1], d[2]) + "）" : "";
      }
      input.addEventListener("input", update);
      update();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    checkPage(); matrixPage(); filePage(); copyButtons(); generateForm();
  });
})();

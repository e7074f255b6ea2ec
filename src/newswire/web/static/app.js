/* newswire web app: hover cards and click-to-scroll on the story reader.
   Story text is untrusted: this script only ever sets textContent, never innerHTML. */
(function () {
  "use strict";

  function readRecords() {
    var node = document.getElementById("records-data");
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function fillCard(card, ids, records) {
    card.textContent = "";
    ids.forEach(function (id) {
      var record = records[id];
      if (!record) { return; }
      var box = document.createElement("div");
      box.className = "card-record card-" + record.kind;
      var head = document.createElement("div");
      head.className = "card-head";
      var kind = document.createElement("span");
      kind.className = "card-kind";
      kind.textContent = record.kind + " " + id;
      var title = document.createElement("b");
      title.textContent = record.title;
      head.appendChild(kind);
      head.appendChild(title);
      box.appendChild(head);
      var list = document.createElement("dl");
      record.fields.forEach(function (field) {
        var dt = document.createElement("dt");
        dt.textContent = field[0];
        var dd = document.createElement("dd");
        dd.textContent = field[1];
        list.appendChild(dt);
        list.appendChild(dd);
      });
      box.appendChild(list);
      card.appendChild(box);
    });
  }

  function placeCard(card, event) {
    var margin = 14, width = card.offsetWidth, height = card.offsetHeight;
    var x = event.clientX + margin, y = event.clientY + margin;
    if (x + width > window.innerWidth - 8) { x = Math.max(8, event.clientX - width - margin); }
    if (y + height > window.innerHeight - 8) { y = Math.max(8, event.clientY - height - margin); }
    card.style.left = x + "px";
    card.style.top = y + "px";
  }

  function flash(ids) {
    document.querySelectorAll(".seg.flash").forEach(function (n) { n.classList.remove("flash"); });
    var segs = document.querySelectorAll(".seg[data-ids]");
    segs.forEach(function (seg) {
      var own = seg.getAttribute("data-ids").split(" ");
      if (ids.some(function (id) { return own.indexOf(id) >= 0; })) { seg.classList.add("flash"); }
    });
  }

  function scrollToRecord(id) {
    var target = document.getElementById("r-" + id);
    if (!target) { return false; }
    target.scrollIntoView({ behavior: "smooth", block: "center" });
    flash([id]);
    document.querySelectorAll(".rec.selected").forEach(function (n) { n.classList.remove("selected"); });
    document.querySelectorAll(".rec").forEach(function (n) {
      if (n.getAttribute("data-target") === id) { n.classList.add("selected"); }
    });
    return true;
  }

  function setUpReader() {
    var story = document.getElementById("story-text");
    var records = readRecords();
    var card = document.getElementById("hovercard");
    if (!story || !records || !card) { return; }
    story.addEventListener("mouseover", function (event) {
      var seg = event.target.closest ? event.target.closest(".seg[data-ids]") : null;
      if (!seg) { return; }
      fillCard(card, seg.getAttribute("data-ids").split(" "), records);
      card.hidden = false;
      placeCard(card, event);
    });
    story.addEventListener("mousemove", function (event) { if (!card.hidden) { placeCard(card, event); } });
    story.addEventListener("mouseout", function (event) {
      var to = event.relatedTarget;
      if (!to || !to.closest || !to.closest(".seg[data-ids]")) { card.hidden = true; }
    });
    document.querySelectorAll(".rec[data-target]").forEach(function (button) {
      button.addEventListener("click", function () { scrollToRecord(button.getAttribute("data-target")); });
    });
    if (window.location.hash.indexOf("#r-") === 0) {
      scrollToRecord(decodeURIComponent(window.location.hash.slice(3)));
    }
  }

  document.addEventListener("DOMContentLoaded", setUpReader);
}());

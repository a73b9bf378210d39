// Collapsible navigation on small screens: the menu button shows and hides the nav.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-toggle-nav]");
  if (!button) return;
  var nav = document.getElementById(button.getAttribute("aria-controls"));
  var open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  nav.classList.toggle("open", open);
});

// Stock hint beside the adjust and transfer forms: tapping a location fills the form's
// location (the "from" location on a transfer) and its lot, so nothing is typed twice.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-fill-location]");
  if (!button) return;
  var location = document.getElementById("id_location") || document.getElementById("id_from_location");
  if (location) location.value = button.dataset.fillLocation;
  var lot = document.getElementById("id_lot");
  if (lot && button.dataset.fillLot) lot.value = button.dataset.fillLot;
});

// Copy buttons (the new API token): copy the named field's text, then say so on the button.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) return;
  var field = document.getElementById(button.dataset.copy);
  field.select();  // selected either way, so a long-press copy works if the clipboard is refused
  var done = function () { button.textContent = button.dataset.copied; };
  var fallback = function () { if (document.execCommand("copy")) done(); };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(field.value).then(done, fallback);
  else fallback();
});

// Upload progress of a form posted over htmx (the order import): the bar follows the upload,
// then turns indeterminate while the server checks and writes the file.
document.addEventListener("htmx:xhr:progress", function (event) {
  var form = event.target.closest ? event.target.closest("form") : null;
  var bar = form && form.querySelector("[data-upload-progress]");
  if (!bar || !event.detail.lengthComputable) return;
  var sent = event.detail.loaded >= event.detail.total;
  if (sent) bar.removeAttribute("value");
  else bar.value = Math.round((event.detail.loaded * 100) / event.detail.total);
  form.querySelectorAll("[data-upload-phase]").forEach(function (note) {
    note.hidden = (note.dataset.uploadPhase === "working") !== sent;
  });
});
document.addEventListener("htmx:beforeRequest", function (event) {
  var bar = event.target.querySelector && event.target.querySelector("[data-upload-progress]");
  if (!bar) return;
  bar.value = 0;
  event.target.querySelectorAll("[data-upload-phase]").forEach(function (note) {
    note.hidden = note.dataset.uploadPhase !== "sending";
  });
});

// Scanning on the floor. A keyboard-wedge scanner types the code and Enter: in a field that names the
// next one (data-scan-next), Enter moves on instead of sending the form half filled.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter") return;
  var field = event.target.closest ? event.target.closest("[data-scan-next]") : null;
  if (!field) return;
  var next = document.getElementById(field.dataset.scanNext);
  if (!next) return;
  event.preventDefault();
  next.focus();
  if (next.select) next.select();
});

// A refused scan sounds (and vibrates where phones can), so a picker looking at the shelf notices.
function arkaofisBeep() {
  try {
    var Context = window.AudioContext || window.webkitAudioContext;
    var audio = new Context();
    var tone = audio.createOscillator();
    var gain = audio.createGain();
    tone.type = "square";
    tone.frequency.value = 220;
    gain.gain.value = 0.2;
    tone.connect(gain);
    gain.connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.35);
  } catch (error) { /* no audio here: the message still shows */ }
  if (navigator.vibrate) navigator.vibrate([120, 60, 120]);
  document.body.dataset.beeped = String(Number(document.body.dataset.beeped || 0) + 1);
}
function arkaofisAfterScan(root) {
  if (root.querySelector("[data-beep]")) arkaofisBeep();
  var focus = root.querySelector("[autofocus]");
  if (focus) focus.focus();
}
document.addEventListener("htmx:afterSwap", function (event) { arkaofisAfterScan(event.target); });
document.addEventListener("DOMContentLoaded", function () { arkaofisAfterScan(document); });

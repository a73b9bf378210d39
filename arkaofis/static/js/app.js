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

// Scanning with the phone's camera, where the browser reads barcodes itself (BarcodeDetector: Chrome on
// Android, for one). The button (_camera_scan.html) shows only there; elsewhere the wedge scanner or the
// keyboard does. A code read goes where a wedge scanner would type it and moves on the same way: to the
// field data-scan-next names, or it sends the form when the field names none. One camera runs at a time,
// and it stops when its work is done, when the button is tapped again, and before htmx swaps the page.
var CAMERA_FORMATS = ["code_128", "ean_13", "ean_8", "qr_code", "upc_a"];
var arkaofisCamera = null;  // the running scan: {box, video, field, stream, timer, last}
var lastScanField = null;   // the scan field last focused: tapping the button takes the focus from it

function cameraFormats() {
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return Promise.resolve([]);
  }
  var known = window.BarcodeDetector.getSupportedFormats
    ? window.BarcodeDetector.getSupportedFormats() : Promise.resolve(CAMERA_FORMATS);
  return known.then(function (supported) {
    return CAMERA_FORMATS.filter(function (format) { return supported.indexOf(format) >= 0; });
  }, function () { return []; });
}

function showCameraButtons(root) {
  cameraFormats().then(function (formats) {
    if (!formats.length) return;
    root.querySelectorAll("[data-camera-toggle]").forEach(function (button) { button.hidden = false; });
  });
}

// The field a code goes into: the scan field the picker was in, else the form's first empty one.
function cameraField(form) {
  if (lastScanField && lastScanField.isConnected && form.contains(lastScanField)) return lastScanField;
  var fields = Array.prototype.slice.call(form.querySelectorAll("input.scan"));
  return fields.filter(function (field) { return !field.value; })[0] || fields[0] || null;
}

// Type the code as the wedge scanner would, then Enter: the next scan field to fill, or null when done.
function cameraFill(field, code) {
  field.value = code;
  field.dispatchEvent(new Event("input", { bubbles: true }));
  var next = field.dataset.scanNext ? document.getElementById(field.dataset.scanNext) : null;
  if (next) {
    next.focus();
    if (next.select) next.select();
    return next.matches("input.scan") ? next : null;  // a quantity is typed, not scanned
  }
  stopCamera();
  field.form.requestSubmit(field.form.querySelector("button[type=submit]"));  // htmx sends it
  return null;
}

function stopCamera() {
  var scan = arkaofisCamera;
  if (!scan) return;
  arkaofisCamera = null;
  clearTimeout(scan.timer);
  if (scan.stream) scan.stream.getTracks().forEach(function (track) { track.stop(); });
  scan.video.srcObject = null;
  scan.video.hidden = true;
  var button = scan.box.querySelector("[data-camera-toggle]");
  button.textContent = button.dataset.labelStart;
}

// Read a frame about six times a second; the same code twice in a row is one scan (it stays in view).
// Control characters (a GS1-128's group separators) are dropped, as a wedge scanner set up for us does.
function detectFrames(scan, detector) {
  if (arkaofisCamera !== scan) return;
  var again = function (ms) { scan.timer = setTimeout(function () { detectFrames(scan, detector); }, ms); };
  detector.detect(scan.video).then(function (codes) {
    if (arkaofisCamera !== scan) return;
    var code = codes.length ? String(codes[0].rawValue || "").replace(/[\x00-\x1f\x7f]/g, "").slice(0, 128) : "";
    if (code && code !== scan.last) {
      scan.last = code;
      scan.field = cameraFill(scan.field, code);
      if (!scan.field) { stopCamera(); return; }
    }
    again(150);
  }, function () { again(300); });  // no frame yet
}

function startCamera(box, formats) {
  var field = cameraField(box.closest("form"));
  var status = box.querySelector("[data-camera-status]");
  if (!field) return;
  stopCamera();
  var video = box.querySelector("[data-camera-view]");
  var scan = { box: box, video: video, field: field, stream: null, timer: null, last: "" };
  arkaofisCamera = scan;
  status.hidden = true;
  var button = box.querySelector("[data-camera-toggle]");
  button.textContent = button.dataset.labelStop;
  navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false })
    .then(function (stream) {
      scan.stream = stream;
      if (arkaofisCamera !== scan) { stream.getTracks().forEach(function (track) { track.stop(); }); return; }
      scan.video.srcObject = stream;
      scan.video.hidden = false;
      return scan.video.play().then(function () {
        detectFrames(scan, new window.BarcodeDetector({ formats: formats }));
      });
    })
    .catch(function () {  // refused, no camera, or a stopped page: say so; the scanner still works
      if (arkaofisCamera !== scan) return;
      stopCamera();
      status.textContent = status.dataset.textFailed;
      status.hidden = false;
    });
}

document.addEventListener("focusin", function (event) {
  if (event.target.matches && event.target.matches("input.scan")) lastScanField = event.target;
});
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-camera-toggle]");
  if (!button) return;
  var box = button.closest("[data-camera-scan]");
  if (arkaofisCamera && arkaofisCamera.box === box) { stopCamera(); return; }
  cameraFormats().then(function (formats) { if (formats.length) startCamera(box, formats); });
});
document.addEventListener("htmx:beforeSwap", stopCamera);
document.addEventListener("htmx:afterSwap", function (event) { showCameraButtons(event.target); });
document.addEventListener("DOMContentLoaded", function () { showCameraButtons(document); });
window.addEventListener("pagehide", stopCamera);
document.addEventListener("visibilitychange", function () { if (document.hidden) stopCamera(); });

// Collapsible navigation on small screens: the menu button shows and hides the nav.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-toggle-nav]");
  if (!button) return;
  var nav = document.getElementById(button.getAttribute("aria-controls"));
  var open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  nav.classList.toggle("open", open);
});

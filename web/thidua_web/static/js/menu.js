// The pages' menu on a narrow screen: a button (aria-expanded, aria-controls) that shows and hides the
// navigation; on a wide screen the button is hidden by the style sheet and the links always shown.

import { h } from "./ui.js";

export function mountMenu(nav) {
  nav.id = nav.id || "site-nav";
  const button = h("button", { type: "button", id: "menu-button", class: "menu-button", "aria-expanded": "false",
                               "aria-controls": nav.id }, "☰ Danh mục");
  const set = (open) => {
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  };
  button.addEventListener("click", () => set(button.getAttribute("aria-expanded") !== "true"));
  nav.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && nav.classList.contains("open")) { set(false); button.focus(); }
  });
  window.addEventListener("hashchange", () => set(false));  // a page chosen: the menu folds away
  nav.before(button);
  return button;
}

// Sign-in with an account of the registry (OAuth2 password grant); a refusal shows its rule.

import { signIn } from "./api.js";
import { h, refusalBox } from "./ui.js";

export function renderSignIn(root, onSignedIn) {
  const status = h("div", { id: "signin-status", "aria-live": "polite" });
  const form = h("form", { id: "signin-form", class: "card", novalidate: true },
    h("h2", {}, "Đăng nhập"),
    h("label", { for: "username" }, "Tên đăng nhập"),
    h("input", { id: "username", name: "username", autocomplete: "username", required: true, maxlength: "64" }),
    h("label", { for: "password" }, "Mật khẩu"),
    h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password",
                 required: true }),
    h("button", { type: "submit" }, "Đăng nhập"),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const username = form.username.value.trim(), password = form.password.value;
    if (!username || !password) {
      status.replaceChildren(h("p", { class: "invalid", role: "alert" }, "Nhập tên đăng nhập và mật khẩu."));
      return;
    }
    form.querySelector("button").disabled = true;
    try {
      onSignedIn(await signIn(username, password));
    } catch (error) {
      status.replaceChildren(refusalBox(error));
    } finally {
      form.querySelector("button").disabled = false;
    }
  });
  root.replaceChildren(form);
  form.username.focus();
}

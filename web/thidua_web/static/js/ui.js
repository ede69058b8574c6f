// Small DOM helpers shared by the pages: elements, refusals shown with their rule, busy states.

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** A refusal as the API gave it: its rule id and its Vietnamese text. */
export function refusalBox(error) {
  const rule = error && error.rule ? error.rule : "LỖI";
  const text = error && error.messageVi ? error.messageVi : String(error && error.message ? error.message : error);
  return h("div", { class: "refusal", role: "alert", "data-rule": rule },
           h("strong", { class: "rule" }, rule), " ", h("span", { class: "message" }, text));
}

/** Fill `section` with what `build` returns, or with the refusal it threw. */
export async function fill(section, build) {
  section.setAttribute("aria-busy", "true");
  section.replaceChildren(h("p", { class: "loading" }, "Đang tải…"));
  try {
    section.replaceChildren(...[await build()].flat());
  } catch (error) {
    section.replaceChildren(refusalBox(error));
  } finally {
    section.removeAttribute("aria-busy");
  }
}

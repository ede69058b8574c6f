// Files through the gateway (a decision's DOCX, its list's XLSX): fetched with the session's token
// (a plain link could not carry it), then saved under the name the service gives in its
// Content-Disposition (RFC 6266 `filename*`, UTF-8).

import { ApiRefusal, session } from "./api.js";

/** The file name of a Content-Disposition header: `filename*=UTF-8''…` first, then `filename="…"`. */
export function dispositionName(header, fallback) {
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header || "");
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename\s*=\s*"([^"]+)"/i.exec(header || "");
  return plain ? plain[1] : fallback;
}

/** GET /api/<service><path>?params and save what it answers; a refusal is thrown as ApiRefusal. */
export async function download(service, path, params, fallbackName) {
  const headers = {};
  const s = session();
  if (s) headers.Authorization = `Bearer ${s.token}`;
  const response = await fetch(`/api/${service}${path}?${new URLSearchParams(params).toString()}`, { headers });
  if (!response.ok) {
    const type = response.headers.get("content-type") || "";
    const body = type.includes("json") ? await response.json() : null;
    throw new ApiRefusal(response.status, body && body.error);
  }
  const name = dispositionName(response.headers.get("content-disposition"), fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);  // the browser has the file by then
  return name;
}

// The services' APIs through the web process (/api/<service>/...): same origin, bearer token of the
// session. A refusal is thrown as ApiRefusal carrying the rule id and its Vietnamese text.

const SESSION_KEY = "thidua.session";

export class ApiRefusal extends Error {
  constructor(status, error) {
    super(error?.message_vi || `Lỗi ${status}`);
    this.status = status;
    this.rule = error?.rule || "HTTP";
    this.messageVi = error?.message_vi || `Máy chủ trả lời ${status}.`;
    this.figures = error?.figures || {};
  }
}

export function session() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null");
    return saved && saved.expires_at > Date.now() ? saved : null;
  } catch {
    return null;
  }
}

export function saveSession(username, answer) {
  const saved = { username, token: answer.access_token, role: answer.role, scope: answer.scope,
                  expires_at: Date.now() + answer.expires_in * 1000 };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(saved));
  return saved;
}

export function clearSession() {
  sessionStorage.removeItem(SESSION_KEY);
}

function query(params) {
  const entries = Object.entries(params || {}).filter(([, v]) => v !== undefined && v !== null && v !== "");
  return entries.length ? "?" + new URLSearchParams(entries).toString() : "";
}

async function answer(response) {
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw new ApiRefusal(response.status, body && body.error);
  return body;
}

/** GET /api/<service><path>?params as JSON. */
export async function get(service, path, params) {
  const headers = { Accept: "application/json" };
  const s = session();
  if (s) headers.Authorization = `Bearer ${s.token}`;
  return answer(await fetch(`/api/${service}${path}${query(params)}`, { headers }));
}

/** POST a command with its idempotency key: a retried or double-clicked write records once. */
export async function command(service, name, body, idempotencyKey) {
  const headers = { "Content-Type": "application/json", Accept: "application/json",
                    "Idempotency-Key": idempotencyKey };
  const s = session();
  if (s) headers.Authorization = `Bearer ${s.token}`;
  return answer(await fetch(`/api/${service}/commands/${name}`,
                            { method: "POST", headers, body: JSON.stringify(body) }));
}

/** OAuth2 password grant on the registry (POST /auth/token). */
export async function signIn(username, password) {
  const form = new URLSearchParams({ grant_type: "password", username, password });
  const response = await fetch("/api/registry/auth/token", {
    method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  return saveSession(username, await answer(response));
}

/** Signing out revokes the token on the registry (anyone may), then forgets it. */
export async function signOut() {
  const s = session();
  if (s) {
    try {
      await command("registry", "revoke-token", { token: s.token }, `sign-out-${crypto.randomUUID()}`);
    } catch {
      // A token already expired or revoked: forgetting it is all that is left to do.
    }
  }
  clearSession();
}

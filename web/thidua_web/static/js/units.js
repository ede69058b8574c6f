// The registry's units at (as_of, known_at), asked once and shared: the filters' districts, the
// dashboard's map and the search box read the same answer, so a page costs the registry one request.

import { get } from "./api.js";

const KEPT = 4;  // a few timeframes (the dashboard's, today's for the search box) without growing forever
const answers = new Map();

/** Every unit existing at as_of as known at known_at (registry /units, no filter), as a promise. */
export function unitsOn(asOf, knownAt) {
  const key = `${asOf}|${knownAt || ""}`;
  if (!answers.has(key)) {
    const answer = get("registry", "/units", { as_of: asOf, known_at: knownAt || undefined });
    answer.catch(() => answers.delete(key));  // a refusal or a lost answer is asked again next time
    answers.set(key, answer);
    if (answers.size > KEPT) answers.delete(answers.keys().next().value);
  }
  return answers.get(key);
}

/** The rural xã among them, of one district when given (the map's and the heat map's xã). */
export function ruralCommunes(units, district) {
  return units.filter((u) => u.level === "commune" && u.unit_type === "rural_commune"
                              && (!district || u.parent_code === district));
}

/**
 * @module survey/labels/assign
 * Units given to named interpreters: every unit to one interpreter (balanced, in a seeded random
 * order), and a share of them (double interpretation, e.g. 20%) to a second one, so that agreement
 * can be measured. Each interpreter's sheet is in its own shuffled order, so a unit's position
 * does not reveal its stratum.
 */
import { InputError } from "../../domain/errors.ts";
import type { LabelAssignment } from "../../domain/reference-label.ts";
import type { Random } from "../../stats/random.ts";

/** Fisher-Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function assignUnits({
  unitIds,
  interpreters,
  doubleShare,
  random,
}: {
  unitIds: readonly string[];
  interpreters: readonly string[];
  doubleShare: number;
  random: Random;
}): LabelAssignment[] {
  const names = [...new Set(interpreters.map((s) => s.trim()).filter((s) => s.length > 0))];
  if (names.length === 0) throw new InputError("name at least one interpreter", { field: "interpreters" });
  if (names.length !== interpreters.length)
    throw new InputError(`interpreters must be distinct, non-empty names (got ${interpreters.join(", ")})`, { field: "interpreters" });
  if (!(doubleShare >= 0 && doubleShare <= 1))
    throw new InputError(`the share of units interpreted twice must be in [0, 1], got ${doubleShare}`, { field: "double" });
  if (doubleShare > 0 && names.length < 2) throw new InputError("double interpretation needs at least two interpreters", { field: "interpreters" });
  const order = shuffled(unitIds, random);
  const nDouble = Math.round(doubleShare * order.length);
  const byInterpreter = new Map<string, { unitId: string; double: boolean }[]>(names.map((n) => [n, []]));
  order.forEach((unitId, k) => {
    const first = k % names.length;
    const double = k < nDouble;
    byInterpreter.get(names[first]!)!.push({ unitId, double });
    // The second interpreter rotates too, so every pair of interpreters shares units.
    if (double) byInterpreter.get(names[(first + 1 + (Math.floor(k / names.length) % (names.length - 1))) % names.length]!)!.push({ unitId, double });
  });
  const out: LabelAssignment[] = [];
  for (const name of names) {
    shuffled(byInterpreter.get(name)!, random).forEach((u, i) => out.push({ unitId: u.unitId, interpreter: name, position: i + 1, double: u.double }));
  }
  return out;
}

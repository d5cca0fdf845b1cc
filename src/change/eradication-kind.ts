/**
 * @module change/eradication-kind
 * The kinds of eradication: forced (manual, by the state), voluntary (substitution programmes such as
 * Colombia's PNIS), aerial (spraying). Reported replanting differs by kind (change.md: forced 50-67%,
 * voluntary substitution 0.6%), so rates are estimated per kind.
 */
import { z } from "zod";

export const ERADICATION_KINDS = ["forced", "voluntary", "aerial"] as const;
export const EradicationKindSchema = z.enum(ERADICATION_KINDS);
export type EradicationKind = z.infer<typeof EradicationKindSchema>;

const ALIASES: Record<string, EradicationKind> = { substitution: "voluntary", manual: "forced", spraying: "aerial" };

/** A kind from text ("forced", "voluntary"/"substitution", "aerial"); undefined for empty or "none"; throws otherwise. */
export function parseEradicationKind(text: string | undefined): EradicationKind | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  if (t === "" || t === "none" || t === "no") return undefined;
  const kind = ALIASES[t] ?? t;
  const r = EradicationKindSchema.safeParse(kind);
  if (!r.success) throw new Error(`eradication kind "${text}" is not one of ${ERADICATION_KINDS.join(", ")} (or substitution = voluntary, none)`);
  return r.data;
}

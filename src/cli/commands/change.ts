/**
 * @module cli/commands/change
 * `coca change map|estimate|fields|eradication|demo`: change between years. Transitions between two class
 * maps with hectares per transition and region; change areas and rates (new, persistent, lost coca, net
 * change, abandoned share, replanted share of eradicated area) estimated from a two-date sample with SE and CI;
 * fields matched across years; eradication records.
 */
import type { Command } from "commander";
import { z } from "zod";
import { parseClassRenames } from "../../change/transition-legend.ts";
import { mapTransitions, type TransitionResult } from "../../change/transitions.ts";
import { InputError } from "../../domain/errors.ts";
import { readRegions } from "../../imagery/zonal/regions.ts";
import { sha256File } from "../../io/checksum.ts";
import type { CliContext } from "../context.ts";
import { fmt, printJson, renderTable } from "../output.ts";

// Numeric flags of this file (the integrator will switch these to src/cli/flags.ts).
const FLAGS = {
  tileSizePx: z.coerce.number().int().min(16).multipleOf(16),
  z: z.coerce.number().positive(),
  confidence: z.coerce.number().gt(0).lt(1),
  threshold: z.coerce.number().min(0).max(1),
  metres: z.coerce.number().min(0),
  seed: z.coerce.number().int(),
  count: z.coerce.number().int().min(1),
} as const;

/** Parse a numeric flag with its schema; an InputError names the flag. */
function numberFlag<K extends keyof typeof FLAGS>(text: string | undefined, key: K, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const r = FLAGS[key].safeParse(text.trim() === "" ? NaN : text);
  if (!r.success) throw new InputError(`--${flag}: '${text}' is not valid (${r.error.issues.map((i) => i.message).join("; ")})`, { field: flag });
  return r.data;
}

interface MapOptions {
  from: string;
  to: string;
  out: string;
  regions?: string;
  nameField: string;
  classMap?: string;
  tileSizePx?: string;
  json?: boolean;
}

async function runMap(opts: MapOptions): Promise<void> {
  if (!/\.tiff?$/i.test(opts.out)) throw new InputError(`--out must be a .tif file, got '${opts.out}'`, { field: "out" });
  const regions = opts.regions ? readRegions(opts.regions, opts.nameField) : undefined;
  const result = await mapTransitions({
    from: opts.from,
    to: opts.to,
    out: opts.out,
    regions,
    renames: parseClassRenames(opts.classMap),
    tileSizePx: numberFlag(opts.tileSizePx, "tileSizePx", "tile-size-px"),
  });
  const method =
    `${result.from.geographic ? "ellipsoidal" : "planar"} cell areas on ${opts.from}'s grid (${result.from.crs}), as GRASS r.stats -a` +
    (regions ? "; cells cut by region edges counted by the share inside" : "");
  if (opts.json) {
    const inputs: Record<string, { path: string; sha256: string }> = {
      from: { path: opts.from, sha256: await sha256File(opts.from) },
      to: { path: opts.to, sha256: await sha256File(opts.to) },
    };
    if (opts.regions) inputs.regions = { path: opts.regions, sha256: await sha256File(opts.regions) };
    printJson({ ...result, unit: "ha", method, inputs, outputs: { raster: opts.out, categories: `${opts.out}.aux.xml` } });
    return;
  }
  process.stdout.write(renderTransitions(result));
}

function renderTransitions(r: TransitionResult): string {
  const lines: string[] = [];
  lines.push(`transitions ${r.from.ref} -> ${r.to.ref}${r.resampled ? " (second map resampled by nearest neighbour onto the first map's grid)" : ""}`);
  lines.push(
    renderTable(
      r.transitions.filter((t) => t.areaHa > 0),
      [
        { header: "code", value: (t) => t.code, align: "right" },
        { header: "transition", value: (t) => t.name },
        { header: "area (ha)", value: (t) => fmt(t.areaHa, 2), align: "right" },
      ],
    ).trimEnd(),
  );
  lines.push(
    "",
    renderTable(r.classChange, [
      { header: "class", value: (c) => c.className },
      { header: "first (ha)", value: (c) => fmt(c.fromHa, 2), align: "right" },
      { header: "second (ha)", value: (c) => fmt(c.toHa, 2), align: "right" },
      { header: "net change (ha)", value: (c) => fmt(c.netChangeHa, 2), align: "right" },
    ]).trimEnd(),
  );
  if (r.byRegion) {
    lines.push(
      "",
      renderTable(r.byRegion, [
        { header: "region", value: (t) => t.region },
        { header: "transition", value: (t) => t.name },
        { header: "area (ha)", value: (t) => fmt(t.areaHa, 2), align: "right" },
      ]).trimEnd(),
    );
  }
  lines.push("", `wrote ${r.out} (transition codes with names and colours; ${r.out}.aux.xml for QGIS)`);
  if (r.warnings.length) lines.push("", "warnings:", ...r.warnings.map((w) => `  - ${w}`));
  return `${lines.join("\n")}\n`;
}

export function register(program: Command, _ctx: CliContext): void {
  const change = program.command("change").description("change between years: transitions, change areas and rates with intervals, fields across years, eradication");

  change
    .command("map")
    .description("transition raster between two class maps and hectares of every transition, in total and per region")
    .requiredOption("--from <A.tif>", "class map of the first year (its grid is the output's)")
    .requiredOption("--to <B.tif>", "class map of the second year (resampled by nearest neighbour onto the first map's grid if the grids differ)")
    .requiredOption("--out <transitions.tif>", "transition raster (COG layout, uint8 codes with names and a colour table)")
    .option("--regions <regions.geojson>", "region polygons: hectares of every transition per region (cells split at region edges)")
    .option("--name-field <field>", "the regions' name attribute", "name")
    .option("--class-map <pairs>", 'rename classes of either map before matching legends, e.g. "bosque=forest,coca cultivada=coca"')
    .option("--tile-size-px <N>", "output tile size = rows per strip (multiple of 16; default 512)")
    .option("--json", "print as JSON")
    .action(async (opts: MapOptions) => runMap(opts));
}

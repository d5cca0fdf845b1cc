/**
 * @module cli/commands/imagery/fields
 * `coca imagery fields`: the fields of one class of a class map, as polygons with hectares.
 */
import type { Command } from "commander";
import { classNameOf } from "../../../imagery/vectorize/fields.ts";
import { resolveClassCodeByStrips, vectorizeFieldsByStrips } from "../../../imagery/vectorize/fields-by-strips.ts";
import { openClassRows } from "../../../imagery/zonal/class-row-source.ts";
import { fieldFormatOf, writeFields } from "../../../imagery/vectorize/write-fields.ts";
import type { CliContext } from "../../context.ts";
import { choiceFlag, numberFlag, parseFlags } from "../../flags.ts";
import { fmt, printJson, renderTable } from "../../output.ts";

interface FieldsOpts {
  classes: string;
  class: string;
  minAreaHa: string;
  simplify: string;
  connectivity: string;
  out: string;
  json?: boolean;
}

export function register(imagery: Command, _ctx: CliContext): void {
  imagery
    .command("fields")
    .description("fields of one class: connected regions as polygons with area in hectares (GeoJSON or FlatGeobuf)")
    .requiredOption("--classes <classes.tif>", "class map (uint8 GeoTIFF)")
    .requiredOption("--class <name|code>", "class to vectorise, by name or code")
    .requiredOption("--out <fields.fgb|fields.geojson>", "output: .geojson (WGS 84, RFC 7946) or .fgb (the map's CRS when it has an EPSG code)")
    .option("--min-area-ha <ha>", "minimum mapping unit: drop smaller fields (ha)", "0")
    .option("--simplify <m>", "Douglas-Peucker tolerance in metres (0 = keep pixel edges)", "0")
    .option("--connectivity <4|8>", "4: pixels touching by an edge form a field (GDAL's default); 8: also by a corner", "4")
    .option("--json", "print as JSON")
    .action(async (opts: FieldsOpts) => {
      fieldFormatOf(opts.out);
      const {
        minAreaHa,
        simplify: simplifyToleranceM,
        connectivity,
      } = parseFlags(opts, {
        minAreaHa: numberFlag("--min-area-ha", { min: 0, default: 0 }),
        simplify: numberFlag("--simplify", { min: 0, default: 0 }),
        connectivity: choiceFlag("--connectivity", ["4", "8"], { default: "4" }),
      });
      const classCode = /^\d+$/.test(opts.class) ? Number(opts.class) : opts.class;
      // Read by row strips: memory is set by a strip and the open fields, not by the map.
      const raster = await openClassRows(opts.classes);
      let fields: Awaited<ReturnType<typeof vectorizeFieldsByStrips>>;
      let code: number;
      try {
        code = await resolveClassCodeByStrips(raster, classCode);
        fields = await vectorizeFieldsByStrips(raster, { classCode: code, minAreaHa, simplifyToleranceM, connectivity: connectivity === "8" ? 8 : 4 });
      } finally {
        await raster.close();
      }
      const { epsg } = writeFields(opts.out, fields, raster.grid.crs, { classCode: code });
      const areas = fields.map((f) => f.areaHa).sort((a, b) => a - b);
      const summary = {
        output: opts.out,
        outputEpsg: epsg,
        classMap: opts.classes,
        className: classNameOf(raster, code),
        crs: raster.grid.crs.name,
        areaMethod: raster.grid.crs.geographic ? "ellipsoidal cell areas" : "planar cell areas (pixel count x pixel area)",
        connectivity: Number(connectivity),
        minAreaHa,
        simplifyToleranceM,
        fields: fields.length,
        totalAreaHa: areas.reduce((s, a) => s + a, 0),
        medianAreaHa: areas.length ? areas[Math.floor((areas.length - 1) / 2)]! : null,
        largestAreaHa: areas.length ? areas[areas.length - 1]! : null,
        fieldsUnder1Ha: areas.filter((a) => a < 1).length,
      };
      if (opts.json) {
        printJson(summary);
        return;
      }
      process.stdout.write(
        renderTable(
          [
            ["class", summary.className],
            ["fields", fmt(summary.fields)],
            ["total area (ha)", fmt(summary.totalAreaHa, 2)],
            ["median field (ha)", fmt(summary.medianAreaHa, 3)],
            ["largest field (ha)", fmt(summary.largestAreaHa, 2)],
            ["fields under 1 ha", fmt(summary.fieldsUnder1Ha)],
            ["minimum mapping unit (ha)", fmt(minAreaHa, 4)],
            ["area method", `${summary.areaMethod}, ${summary.crs}`],
            ["written", `${opts.out} (EPSG:${epsg})`],
          ].map(([k, v]) => ({ k: k!, v: v! })),
          [
            { header: "fields", value: (r) => r.k },
            { header: "", value: (r) => r.v },
          ],
        ),
      );
    });
}

/**
 * @module cli/commands/imagery/zonal
 * `coca imagery zonal`: hectares of each class per region polygon.
 */
import type { Command } from "commander";
import { openClassRows } from "../../../imagery/zonal/class-row-source.ts";
import { readRegions } from "../../../imagery/zonal/regions.ts";
import { SUBROWS, zonalTotalsByStrips } from "../../../imagery/zonal/zonal-totals.ts";
import type { CliContext } from "../../context.ts";
import { fmt, printJson, renderTable } from "../../output.ts";

export function register(imagery: Command, _ctx: CliContext): void {
  imagery
    .command("zonal")
    .description("hectares of each class per region polygon (cells split at region edges)")
    .requiredOption("--classes <classes.tif>", "class map (uint8 GeoTIFF)")
    .requiredOption("--regions <regions.geojson>", "region polygons (GeoJSON)")
    .option("--name-field <field>", "the regions' name attribute", "name")
    .option("--json", "print as JSON")
    .action(async (opts: { classes: string; regions: string; nameField: string; json?: boolean }) => {
      const regions = readRegions(opts.regions, opts.nameField);
      // The map is read in strips of rows: memory does not grow with the map.
      const raster = await openClassRows(opts.classes);
      let rows;
      try {
        rows = await zonalTotalsByStrips(raster, regions);
      } finally {
        await raster.close();
      }
      const method = `${raster.grid.crs.geographic ? "ellipsoidal" : "planar"} cell areas (${raster.grid.crs.name}); cells cut by region edges counted by the share inside (exact across, ${SUBROWS} lines per row down)`;
      if (opts.json) {
        printJson({ classMap: opts.classes, regions: opts.regions, unit: "ha", method, rows });
        return;
      }
      process.stdout.write(
        renderTable(rows, [
          { header: "region", value: (r) => r.region },
          { header: "class", value: (r) => r.className },
          { header: "area (ha)", value: (r) => fmt(r.areaHa, 2), align: "right" },
        ]),
      );
      process.stdout.write(`\nsource: ${opts.classes}; ${method}\n`);
    });
}

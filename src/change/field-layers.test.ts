import { deserialize } from "flatgeobuf/lib/mjs/geojson.js";
import type { Feature } from "geojson";
import { describe, expect, it } from "vitest";
import { matchedFieldsFlatGeobuf, parseFieldLayer, planarYears } from "./field-layers.ts";
import { matchFieldYears } from "./match-fields.ts";

const D = 0.0009;
const ring = (x0: number): number[][] => [
  [x0, -10],
  [x0 + D, -10],
  [x0 + D, -10 + D],
  [x0, -10 + D],
  [x0, -10],
];

describe("matched fields as FlatGeobuf", () => {
  it("writes a MultiPolygon field as one feature per part, with the field's own properties as JSON", async () => {
    const year1 = JSON.stringify({
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { field_id: "m", owner: "x" }, geometry: { type: "MultiPolygon", coordinates: [[ring(-75)], [ring(-74.99)]] } },
      ],
    });
    const year2 = JSON.stringify({
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: { field_id: "p" }, geometry: { type: "Polygon", coordinates: [ring(-75)] } }],
    });
    const layers = [parseFieldLayer(year1, "a.geojson", "2020"), parseFieldLayer(year2, "b.geojson", "2021")];
    const match = matchFieldYears(planarYears(layers).years);
    const bytes = matchedFieldsFlatGeobuf(layers, match, "fields");
    const features: Feature[] = [];
    for await (const f of deserialize(bytes) as AsyncGenerator<Feature>) features.push(f);
    expect(features.map((f) => [f.properties!.field_id, f.properties!.part])).toEqual([
      ["m", 0],
      ["m", 1],
      ["p", 0],
    ]);
    expect(JSON.parse(features[0]!.properties!.properties as string)).toEqual({ owner: "x" });
    expect(features[1]!.geometry).toEqual({ type: "Polygon", coordinates: [ring(-74.99)] });
    expect(features[2]!.properties!.state_from_previous).toBe("persistent");
  });
});

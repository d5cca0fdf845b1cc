import { describe, expect, it } from "vitest";
import { toCsv } from "./download.ts";

describe("CSV of a view", () => {
  it("takes the union of the columns and quotes what needs quoting", () => {
    const csv = toCsv([
      { year: 2019, source: "UNODC", value: 25500, citation: 'UNODC, "Monitoreo", 2020' },
      { year: 2020, source: "ONDCP", value: null, note: "line\nbreak" },
    ]);
    expect(csv).toBe('year,source,value,citation,note\r\n2019,UNODC,25500,"UNODC, ""Monitoreo"", 2020",\r\n2020,ONDCP,,,"line\nbreak"\r\n');
  });
});

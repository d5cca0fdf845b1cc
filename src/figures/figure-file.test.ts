import { describe, expect, it } from "vitest";
import { InputError } from "../domain/errors.ts";
import { FIGURE_COLUMNS } from "./validate.ts";
import { figuresToCsv, figuresToJson, parseFigureFile } from "./figure-file.ts";

const HEADER = "country,region,year,source,metric,value,unit,cited_year,citation";
const GOOD = 'Peru,national,2017,ONDCP,coca_cultivation,49800,hectares,2019,"ONDCP release on Peru coca (2019), table 2012-2018; https://x"';
const opts = { file: "in.csv", maxYear: 2025 };
const bytes = (text: string) => new TextEncoder().encode(text);

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError");
}

describe("parseFigureFile", () => {
  it("reads the reference CSV's columns, normalising country, metric, unit and source", () => {
    const { figures, lines } = parseFigureFile(bytes(`${HEADER}\n${GOOD}\n`), opts);
    expect(lines).toEqual([2]);
    expect(figures[0]).toMatchObject({
      country: "PER",
      region: "national",
      regionKind: "national",
      year: 2017,
      metric: "cultivation_ha",
      value: 49800,
      unit: "ha",
      source: "ONDCP",
      sourceFamily: "US",
      sourceTerm: "coca_cultivation",
      published: "2019",
      publicationTitle: "ONDCP release on Peru coca (2019), table 2012-2018",
      citationKind: "repost",
    });
  });

  it("maps source terms and keeps them, and reads region prefixes as kinds", () => {
    const text = [
      HEADER,
      "Colombia,national,2020,UNODC,potential_cocaine_hcl,1228,metric_tons,2021,Reuters via WSAU 2021-06-25; https://x",
      "Peru,dept:Cusco,2018,DEVIDA,coca_cultivation,16245,hectares,2024,DEVIDA tables transcribed; https://x",
      'Peru,national,2015,UNODC,weighted_avg_sun_dried_leaf_yield,2391,kg/ha,2016,"UNODC/DEVIDA, Fact sheet; https://x"',
    ].join("\n");
    const { figures } = parseFigureFile(bytes(text), opts);
    expect(figures[0]).toMatchObject({ metric: "cocaine_t", unit: "t", sourceTerm: "potential_cocaine_hcl", citationKind: "secondary" });
    expect(figures[1]).toMatchObject({ region: "Cusco", regionKind: "department", sourceFamily: "national" });
    expect(figures[2]).toMatchObject({ metric: "leaf_yield_kg_ha", unit: "kg/ha/yr", notes: expect.stringMatching(/kg\/ha read as kg\/ha\/yr/) });
  });

  it("lists every bad line with its number and reason", () => {
    const text = [
      HEADER,
      GOOD,
      "Peru,national,2016,ONDCP,coca_cultivation,abc,hectares,2019,cite", // 3: not a number
      "Peru,national,2016,ONDCP,coca_cultivation,-5,hectares,2019,cite", // 4: negative
      "Peru,national,2016,ONDCP,coca_yield,5,hectares,2019,cite", // 5: unknown metric
      "Atlantis,national,2016,ONDCP,coca_cultivation,5,hectares,2019,cite", // 6: unknown country
      "Peru,national,2016,ONDCP,coca_cultivation,5,hectares,2019,", // 7: missing citation
      "Peru,national,2016,ONDCP,coca_cultivation,5,metric_tons,2019,cite", // 8: unit against metric
      "Peru,national,1850,ONDCP,coca_cultivation,5,hectares,2019,cite", // 9: year range
      'Peru,national,2017,ONDCP,coca_cultivation,49900,hectares,2019,"other; https://y"', // 10: duplicate, other value
      "Peru,national,2016,ONDCP,coca_cultivation,5,hectares", // 11: truncated row
    ].join("\n");
    const error = errorOf(() => parseFigureFile(bytes(text), opts));
    expect(error.message).toMatch(/cannot import in\.csv: 9 bad lines, nothing imported/);
    expect(error.message).toMatch(/line 3: value 'abc' is not a number/);
    expect(error.message).toMatch(/line 4: value -5 is negative/);
    expect(error.message).toMatch(/line 5: unknown metric 'coca_yield'/);
    expect(error.message).toMatch(/line 6: unknown country 'Atlantis'/);
    expect(error.message).toMatch(/line 7: citation is missing/);
    expect(error.message).toMatch(/line 8: unit 'metric_tons' does not fit metric cultivation_ha \(expected ha\)/);
    expect(error.message).toMatch(/line 9: year 1850 is outside 1950-2025/);
    expect(error.message).toMatch(/line 10: duplicate of line 2 .* with a different value: 49900 vs 49800/);
    expect(error.message).toMatch(/line 11: expected 9 columns, found 7 \(truncated row\?\)/);
    expect(error.field).toBe("line 3");
  });

  it("accepts an exact duplicate row once", () => {
    const { figures } = parseFigureFile(bytes(`${HEADER}\n${GOOD}\n${GOOD}\n`), opts);
    expect(figures).toHaveLength(1);
  });

  it("refuses a bad header, an empty file and a file cut inside a quoted field", () => {
    expect(errorOf(() => parseFigureFile(bytes("country,year,value\nPE,2017,1\n"), opts)).message).toMatch(/line 1: bad header: missing column 'metric'/);
    expect(errorOf(() => parseFigureFile(bytes(`${HEADER},colour\n`), opts)).message).toMatch(/unknown column 'colour'/);
    expect(errorOf(() => parseFigureFile(bytes(""), opts)).message).toMatch(/line 1: the file is empty/);
    const cut = `${HEADER}\n${GOOD}\nPeru,national,2016,ONDCP,coca_cultivation,44000,hectares,2019,"ONDCP rel`;
    expect(errorOf(() => parseFigureFile(bytes(cut), opts)).message).toMatch(/line 3: unterminated quoted field/);
  });

  it("refuses a file that is not UTF-8, naming the line", () => {
    const latin1 = new Uint8Array([...bytes(`${HEADER}\n`), ...bytes("Per"), 0xfa, ...bytes(",national,2017,ONDCP,coca_cultivation,1,hectares,2019,c\n")]);
    expect(errorOf(() => parseFigureFile(latin1, opts)).message).toMatch(/line 2: not valid UTF-8/);
  });

  it("round-trips its own CSV and JSON", () => {
    const text = [
      HEADER,
      GOOD,
      'Bolivia,Yungas de La Paz,2020,UNODC,coca_cultivation,18302,hectares,2021,"Zona Publica (2021) citing UNODC; https://z [note, with ""quotes""]"',
      "Colombia,national,2020,Government of Colombia (via ONDCP),manual_eradication,130000,hectares,2021,ONDCP press release 2021; https://w",
    ].join("\n");
    const { figures } = parseFigureFile(bytes(text), opts);
    const csv = figuresToCsv(figures);
    expect(csv.split("\n")[0]).toBe(FIGURE_COLUMNS.join(","));
    expect(parseFigureFile(bytes(csv), { ...opts, file: "out.csv" }).figures).toEqual(figures);
    expect(parseFigureFile(bytes(figuresToJson(figures)), { ...opts, file: "out.json" }).figures).toEqual(figures);
  });

  it("reads the same value cited by a second document as one figure with two citations, and writes it back as two rows", () => {
    const repost =
      'Peru,national,2017,ONDCP,coca_cultivation,49800,hectares,2019,"ONDCP release on Peru coca (2019), table 2012-2018; https://www.whitehouse.gov/x"';
    const { figures, lines } = parseFigureFile(bytes(`${HEADER}\n${GOOD}\n${repost}\n${GOOD}\n`), opts);
    expect(lines).toEqual([2]);
    expect(figures).toHaveLength(1);
    expect(figures[0]!.citationKind).toBe("repost");
    expect(figures[0]!.additionalCitations).toEqual([
      { publicationTitle: "ONDCP release on Peru coca (2019), table 2012-2018", citation: expect.stringContaining("whitehouse.gov"), citationKind: "producer" },
    ]);
    const csv = figuresToCsv(figures);
    expect(csv.trim().split("\n")).toHaveLength(3);
    expect(parseFigureFile(bytes(csv), { ...opts, file: "out.csv" }).figures).toEqual(figures);
    expect(parseFigureFile(bytes(figuresToJson(figures)), { ...opts, file: "out.json" }).figures).toEqual(figures);
  });

  it("still refuses the same identity and vintage with another value, whatever the citation", () => {
    const other = 'Peru,national,2017,ONDCP,coca_cultivation,50000,hectares,2019,"Another document; https://y"';
    expect(errorOf(() => parseFigureFile(bytes(`${HEADER}\n${GOOD}\n${other}\n`), opts)).message).toMatch(/line 3: duplicate of line 2 .* different value/);
  });

  it("reads the three citation kinds, and an old export's 'primary' by the rule", () => {
    const header = `${HEADER},citation_kind`;
    const read = (kind: string) => parseFigureFile(bytes(`${header}\n${GOOD},${kind}\n`), opts).figures[0]!.citationKind;
    expect(read("producer")).toBe("producer");
    expect(read("secondary")).toBe("secondary");
    expect(read("primary")).toBe("repost"); // https://x is not ONDCP's site
    expect(errorOf(() => read("official")).message).toMatch(/citation_kind 'official' must be one of producer, repost, secondary/);
  });

  it("refuses unknown sources unless their family is given", () => {
    const header = "country,year,metric,value,unit,source,published,citation";
    expect(errorOf(() => parseFigureFile(bytes(`${header}\nPE,2017,cultivation_ha,1,ha,Some NGO,2018,c\n`), opts)).message).toMatch(
      /line 2: unknown source 'Some NGO': add a source_family column/,
    );
    const { figures } = parseFigureFile(bytes(`${header},source_family\nPE,2017,cultivation_ha,1,ha,Some NGO,2018,c,national\n`), opts);
    expect(figures[0]).toMatchObject({ source: "Some NGO", sourceFamily: "national", citationKind: "secondary" });
  });
});

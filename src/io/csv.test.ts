import { describe, expect, it } from "vitest";
import { InputError } from "../domain/errors.ts";
import { csvLayer, csvLayerFiles, csvLine, decodeUtf8, numberCell, parseCsvRecords, parseCsvTable, requireColumns, roundCell, toCsv } from "./csv.ts";

describe("parseCsvRecords", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, with the line each record starts on", () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",z\n\n3,,\n';
    const { records, problems } = parseCsvRecords(text);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 6]);
    expect(records[1]!.fields).toEqual(["1", "x, y", 'say "hi"']);
    expect(records[2]!.fields).toEqual(["2", "two\nlines", "z"]);
    expect(records[3]!.fields).toEqual(["3", "", ""]);
  });

  it("drops a BOM, and reads CRLF, LF and lone CR line ends alike", () => {
    for (const eol of ["\r\n", "\n", "\r"]) {
      const { records, problems } = parseCsvRecords(`\uFEFFid,v${eol}1,"a${eol}b"${eol}${eol}2,c${eol}`);
      expect(problems).toEqual([]);
      expect(records.map((r) => [r.line, ...r.fields])).toEqual([
        [1, "id", "v"],
        [2, "1", `a${eol}b`],
        [5, "2", "c"],
      ]);
    }
  });

  it("keeps an empty quoted field, a quote inside an unquoted field, and a last line without a line end", () => {
    const { records, problems } = parseCsvRecords('a,b\n"",x"y\n"",""');
    expect(problems).toEqual([]);
    expect(records.map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["", 'x"y'],
      ["", ""],
    ]);
  });

  it("reports an unterminated quote (a truncated file) with the line where it opened", () => {
    const { records, problems } = parseCsvRecords('a,b\n1,2\n3,"cut off\nand more');
    expect(records).toHaveLength(2);
    expect(problems).toEqual([{ line: 3, reason: expect.stringMatching(/unterminated quoted field/) }]);
  });

  it("reports text after a closing quote, keeping the record", () => {
    const { records, problems } = parseCsvRecords('a,b\n"x"y,2\n');
    expect(records[1]!.fields).toEqual(["xy", "2"]);
    expect(problems).toEqual([{ line: 2, reason: "text after a closing quote (malformed CSV)" }]);
  });

  it("round-trips what toCsv writes", () => {
    const rows = [
      ["h1", "h2"],
      ["plain", 'a "quoted", multi\nline'],
      [" lead", 42],
      ["cr\r\nlf", ""],
    ];
    const { records } = parseCsvRecords(toCsv(rows));
    expect(records.map((r) => r.fields)).toEqual(rows.map((r) => r.map(String)));
  });
});

describe("parseCsvTable", () => {
  it("parses quotes, a BOM, CRLF and blank lines, keeping line numbers; header lower-cased, values trimmed", () => {
    const t = parseCsvTable('\uFEFFUnit_ID, Note\r\nu1,"a, ""quoted"" note"\r\n\r\nu2,"two\nlines"\nu3, plain \n', "x.csv");
    expect(t.header).toEqual(["unit_id", "note"]);
    expect(t.rows.map((r) => [r.line, r.values.unit_id, r.values.note])).toEqual([
      [2, "u1", 'a, "quoted" note'],
      [4, "u2", "two\nlines"],
      [6, "u3", "plain"],
    ]);
  });

  it("names the file and line of a malformed row", () => {
    expect(() => parseCsvTable("a,b\n1,2,3\n", "bad.csv")).toThrow(/bad\.csv: line 2: 3 fields, expected 2/);
    expect(() => parseCsvTable('a\n"open\n', "q.csv")).toThrow(/q\.csv: line 2: unterminated quoted field/);
    expect(() => parseCsvTable('a,b\n1,2\n"x"y,3\n', "t.csv")).toThrow(/t\.csv: line 3: text after a closing quote/);
    expect(() => parseCsvTable("", "e.csv")).toThrow(/e\.csv: empty file/);
    expect(() => parseCsvTable("\n\r\n", "e.csv")).toThrow(/e\.csv: empty file/);
    expect(() => parseCsvTable("a,A\n", "d.csv")).toThrow(/column "a" appears twice/);
    expect(() => parseCsvTable("a,b\n1,2,3\n", "bad.csv")).toThrow(InputError);
  });

  it("checks columns and numbers with the file, line and column in the message", () => {
    const t = parseCsvTable("stratum,size_ha\ns1,12.5\ns2,-1\ns3,x\n", "strata.csv");
    expect(() => requireColumns(t, "strata.csv", ["stratum", "size_px"])).toThrow("strata.csv: missing column(s) size_px (found stratum, size_ha)");
    expect(numberCell(t.rows[0]!, "size_ha", "strata.csv", { min: 0 })).toBe(12.5);
    expect(() => numberCell(t.rows[1]!, "size_ha", "strata.csv", { min: 0 })).toThrow("strata.csv: line 3: size_ha must be a number >= 0, got '-1'");
    expect(() => numberCell(t.rows[2]!, "size_ha", "strata.csv")).toThrow("strata.csv: line 4: size_ha must be a number, got 'x'");
    expect(() => numberCell(t.rows[0]!, "size_ha", "strata.csv", { integer: true })).toThrow(/a whole number/);
  });
});

describe("csvLine", () => {
  it("quotes only what needs it; null and undefined are empty", () => {
    expect(csvLine(["a,b", 'say "hi"', 3, null, undefined, "x"])).toBe('"a,b","say ""hi""",3,,,x');
    expect(csvLine([" lead", "trail ", "two\nlines"])).toBe('" lead","trail ","two\nlines"');
  });
});

describe("decodeUtf8", () => {
  it("drops a byte-order mark", () => {
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), "f.csv")).toBe("a");
  });

  it("lists the lines that are not UTF-8", () => {
    const latin1 = new Uint8Array([...Buffer.from("ok\nPer"), 0xfa, ...Buffer.from("\nfine\n"), 0xe9, 0x0a]);
    let error: unknown;
    try {
      decodeUtf8(latin1, "f.csv");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/f\.csv is not a UTF-8 text file/);
    expect((error as Error).message).toMatch(/line 2: not valid UTF-8/);
    expect((error as Error).message).toMatch(/line 4: not valid UTF-8/);
    expect((error as Error).message).not.toMatch(/line 3/);
  });
});

describe("typed CSV layers (.csvt, .prj) and rounded cells", () => {
  it("rounds without float noise and leaves missing values empty", () => {
    expect(roundCell(539.7989999999639, 2)).toBe(539.8);
    expect(String(roundCell(0.1 + 0.2, 2))).toBe("0.3");
    expect(roundCell(-0.001, 2)).toBe(0);
    expect(roundCell(null, 2)).toBeNull();
    expect(roundCell(Number.NaN, 2)).toBeNull();
  });

  it("writes the .csvt of its columns, a WGS 84 .prj with lon/lat, and reads back the same rows", () => {
    const layer = csvLayer(
      [
        ["unit_id", "String"],
        ["lon", "CoordX"],
        ["lat", "CoordY"],
        ["area_ha", "Real"],
      ],
      [
        ["u,1", -74.5, -12.25, roundCell(1.005, 2)],
        ["u2", -74.4, -12.2, null],
      ],
    );
    expect(layer.csvt).toBe('"String","CoordX","CoordY","Real"\n');
    expect(layer.prj).toMatch(/^GEOGCS\["GCS_WGS_1984"/);
    expect(parseCsvTable(layer.csv, "x.csv").rows.map((r) => r.values)).toEqual([
      { unit_id: "u,1", lon: "-74.5", lat: "-12.25", area_ha: String(roundCell(1.005, 2)) },
      { unit_id: "u2", lon: "-74.4", lat: "-12.2", area_ha: "" },
    ]);
    expect(csvLayerFiles("out/x.csv", layer).map(([p]) => p)).toEqual(["out/x.csv", "out/x.csvt", "out/x.prj"]);
    expect(csvLayer([["a", "Integer"]], [[1]]).prj).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { InputError } from "../domain/errors.ts";
import { decodeUtf8, parseCsv, toCsv } from "./csv.ts";

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, with the line each record starts on", () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",z\n\n3,,\n';
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 6]);
    expect(records[1]!.fields).toEqual(["1", "x, y", 'say "hi"']);
    expect(records[2]!.fields).toEqual(["2", "two\nlines", "z"]);
    expect(records[3]!.fields).toEqual(["3", "", ""]);
  });

  it("reports an unterminated quote (a truncated file) with its line", () => {
    const { records, problems } = parseCsv('a,b\n1,2\n3,"cut off');
    expect(records).toHaveLength(2);
    expect(problems).toEqual([{ line: 3, reason: expect.stringMatching(/unterminated quoted field/) }]);
  });

  it("round-trips what toCsv writes", () => {
    const rows = [
      ["h1", "h2"],
      ["plain", 'a "quoted", multi\nline'],
      [" lead", 42],
    ];
    const { records } = parseCsv(toCsv(rows));
    expect(records.map((r) => r.fields)).toEqual(rows.map((r) => r.map(String)));
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

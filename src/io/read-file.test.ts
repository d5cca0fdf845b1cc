import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataError, exitCodeFor, InputError, NotFoundError } from "../domain/errors.ts";
import { fileError, readBytesFileSync, readTextFile, readTextFileSync } from "./read-file.ts";

const dir = mkdtempSync(join(tmpdir(), "coca-read-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, "ok.csv");
writeFileSync(file, "a,b\n1,2\n");
const latin1 = join(dir, "mtl.txt");
writeFileSync(latin1, Buffer.from([0x50, 0xe9, 0x0a]));
const missing = join(dir, "nope.csv");

describe("readTextFile / readTextFileSync / readBytesFileSync", () => {
  it("read a file that is there", async () => {
    expect(await readTextFile(file)).toBe("a,b\n1,2\n");
    expect(readTextFileSync(file)).toBe("a,b\n1,2\n");
    expect(readTextFileSync(latin1, { encoding: "latin1" })).toBe("Pé\n");
    expect([...readBytesFileSync(file).subarray(0, 3)]).toEqual([0x61, 0x2c, 0x62]);
  });

  it("a missing file is a NotFoundError (exit 4) naming it, with what it is", async () => {
    await expect(readTextFile(missing)).rejects.toBeInstanceOf(NotFoundError);
    await expect(readTextFile(missing)).rejects.toThrow(`${missing}: no such file`);
    expect(() => readTextFileSync(missing, { what: "model file" })).toThrow(`model file ${missing}: no such file`);
    expect(() => readBytesFileSync(missing)).toThrow(NotFoundError);
    expect(exitCodeFor(fileError({ code: "ENOENT" }, missing))).toBe(4);
  });

  it("a file that cannot be read (a folder) is an InputError by default, a DataError when asked", async () => {
    await expect(readTextFile(dir)).rejects.toBeInstanceOf(InputError);
    await expect(readTextFile(dir)).rejects.toThrow(`${dir}: is a folder, not a file`);
    expect(() => readTextFileSync(dir, { what: "labels file", unreadable: "data" })).toThrow(DataError);
    expect(() => readBytesFileSync(dir)).toThrow(InputError);
    const denied = fileError(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }), "/x/y.tif", { unreadable: "data" });
    expect(denied).toBeInstanceOf(DataError);
    expect(denied.message).toBe("/x/y.tif: cannot read (EACCES)");
  });
});

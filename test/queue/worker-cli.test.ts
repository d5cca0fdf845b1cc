/**
 * `coca worker` refuses what cannot hold a queue (exit 2) and reports a queue that does not answer (exit 3).
 */
import { describe, expect, it } from "vitest";
import { runCocaProcess } from "../support/cli.ts";

describe("coca worker", () => {
  it("needs a postgres:// queue: a SQLite store without --queue is exit 2", async () => {
    const run = await runCocaProcess("--db", ":memory:", "worker");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the tile queue needs PostgreSQL: give --queue postgres:\/\//);
    const file = await runCocaProcess("worker", "--queue", "redis://127.0.0.1:6379");
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/unsupported store scheme 'redis:'/);
  });

  it("reports a queue server that does not answer with exit 3, without the password", async () => {
    const run = await runCocaProcess("worker", "--queue", "postgres://coca:hunter2@127.0.0.1:1/coca");
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/cannot open the tile queue at postgres:\/\/coca:\*\*\*@127\.0\.0\.1:1\/coca/);
    expect(run.stderr).not.toMatch(/hunter2/);
  });

  it("refuses a bad --concurrency naming the flag", async () => {
    const run = await runCocaProcess("worker", "--queue", "postgres://127.0.0.1:1/coca", "--concurrency", "0");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--concurrency/);
  });
});

/**
 * @module test/support/fuzz/child
 * The fuzz worker process: reads one input per message with the named target and answers how it ended and how
 * much the process's peak memory grew. Started by harness.ts (`node --import tsx child.ts TARGET`).
 */
import { resourceUsage } from "node:process";
import { isCleanRefusal, TARGETS } from "./targets.ts";

const name = process.argv[2]!;
const target = await TARGETS[name]!();
process.on("message", async (message: { id: number; path: string }) => {
  const before = resourceUsage().maxRSS;
  let status: "ok" | "refused" | "crash" = "ok";
  let error = "";
  try {
    await target(message.path);
  } catch (e) {
    status = isCleanRefusal(e, message.path) ? "refused" : "crash";
    error = e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 500) : String(e);
  }
  const grewKb = resourceUsage().maxRSS - before;
  process.send!({ id: message.id, status, error, grewMb: grewKb / 1024 });
});
process.send!({ ready: true });

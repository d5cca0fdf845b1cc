// Worker-thread entry: register the TypeScript loader (tsx), then load the worker module.
// Plain JavaScript so that a worker can start under any runner (tsx, vitest, plain node).
import { register } from "tsx/esm/api";

register();
const mod = await import("./tile-worker.ts");
export default mod.default;

/**
 * @module cli/commands/audit
 * `coca audit verify`: walk the audit log's hash chain and name the first entry that does not match (a rewritten,
 * forged, inserted or deleted entry, or a dropped trigger). Prints the chain's head (last id and hash): keep it
 * elsewhere (a signed note, a publication) to make even a consistent rewrite of the whole store detectable.
 */
import type { Command } from "commander";
import { DataError } from "../../domain/errors.ts";
import type { CliContext } from "../context.ts";
import { printJson } from "../output.ts";

export function register(program: Command, ctx: CliContext): void {
  const audit = program.command("audit").description("the audit log of API writes: verify its hash chain");
  audit
    .command("verify")
    .description("check every entry of the audit log against its hash chain; exit 3 naming the first entry that does not match")
    .option("--expect-head <hash>", "also require the chain's head (the last entry's hash) to be this anchored value, or to follow it")
    .option("--json", "print the report as JSON")
    .action(async (opts: { json?: boolean; expectHead?: string }) => {
      const store = await ctx.openStore();
      const report = await store.auth.verifyAudit();
      let anchored: string | undefined;
      if (report.ok && opts.expectHead) {
        // An older anchor is fine as long as it is still in the chain (entries were appended since).
        const found = await store.auth.auditEntryWithHash(opts.expectHead);
        if (!found) {
          report.ok = false;
          report.firstMismatch = {
            id: null,
            reason: `the anchored head ${opts.expectHead.slice(0, 12)}... is not in the chain: the log was rewritten since it was anchored`,
          };
        } else anchored = `the anchored head is entry ${found}, ${report.head!.id - found} entries ago`;
      }
      if (opts.json) printJson({ ...report, ...(anchored ? { anchor: anchored } : {}) });
      if (!report.ok) throw new DataError(`audit log of store ${store.location} does not verify: ${report.firstMismatch!.reason}`);
      if (!opts.json) {
        process.stdout.write(
          report.head
            ? `audit log verified: ${report.entries} entries, head entry ${report.head.id} ${report.head.hash}${anchored ? ` (${anchored})` : ""}\n`
            : "audit log verified: no entries yet\n",
        );
      }
    });
}

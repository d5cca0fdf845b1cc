/**
 * @module cli/commands/token
 * `coca token create|list|revoke`: API tokens for writes (and for reads under --private-reads).
 * The token is shown once, at creation; the store keeps only its hash.
 */
import type { Command } from "commander";
import { InputError } from "../../domain/errors.ts";
import { ROLES, isRole, type ApiToken } from "../../store/auth-repository.ts";
import type { CliContext } from "../context.ts";
import { printJson, renderTable } from "../output.ts";

function tokenTable(tokens: readonly ApiToken[]): string {
  return renderTable(tokens, [
    { header: "id", value: (t) => t.id },
    { header: "name", value: (t) => t.name },
    { header: "role", value: (t) => t.role },
    { header: "created (UTC)", value: (t) => t.createdAt },
    { header: "last used (UTC)", value: (t) => t.lastUsedAt },
    { header: "revoked (UTC)", value: (t) => t.revokedAt },
  ]);
}

export function register(program: Command, ctx: CliContext): void {
  const token = program.command("token").description("API tokens: create (shown once), list, revoke");

  token
    .command("create")
    .description("create an API token with a role: viewer (reads), analyst (writes data), admin (deletes, audit log)")
    .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`)
    .option("--name <name>", "who or what the token is for")
    .option("--json", "print as JSON")
    .action(async (opts: { role: string; name?: string; json?: boolean }) => {
      if (!isRole(opts.role)) throw new InputError(`unknown --role ${opts.role} (expected one of ${ROLES.join(", ")})`, { field: "role" });
      const store = await ctx.openStore();
      const { token: created, secret } = await store.auth.createToken({ role: opts.role, name: opts.name });
      if (opts.json) {
        printJson({ ...created, token: secret });
        return;
      }
      process.stdout.write(tokenTable([created]));
      process.stdout.write(`\ntoken (shown only now; send it as "Authorization: Bearer <token>"):\n${secret}\n`);
    });

  token
    .command("list")
    .description("list tokens (never their secrets), newest first")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const store = await ctx.openStore();
      const tokens = await store.auth.listTokens();
      if (opts.json) printJson({ tokens });
      else process.stdout.write(tokens.length === 0 ? "no tokens (create one with coca token create --role analyst)\n" : tokenTable(tokens));
    });

  token
    .command("revoke")
    .description("revoke a token by id; it stops working at once (revoking twice is harmless)")
    .argument("<id>", "token id (see coca token list)")
    .option("--json", "print as JSON")
    .action(async (id: string, opts: { json?: boolean }) => {
      const store = await ctx.openStore();
      const revoked = await store.auth.revokeToken(id);
      if (opts.json) printJson(revoked);
      else process.stdout.write(tokenTable([revoked]));
    });
}

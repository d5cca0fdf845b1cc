/**
 * @module store/postgres/migrations/003-auth-pg
 * Version 3 on PostgreSQL: API tokens (hashed, revocable) and the append-only audit log.
 *
 * The audit log's protection is written for PostgreSQL: a row trigger refuses UPDATE and DELETE, a
 * statement trigger refuses TRUNCATE, whatever role writes through the store's connection. It is one
 * function (`audit_log_append_only`) and named triggers, so that a later migration can add a hash chain
 * (a `prev_hash`/`hash` column pair filled by a BEFORE INSERT trigger under a table lock, or by the
 * repository) without touching this one: backfilling hashes of old rows is done by the table owner inside
 * that migration's transaction with `alter table audit_log disable trigger audit_log_no_update` ...
 * `enable trigger`, which only the owner can run and which commits or rolls back with the backfill.
 */
import { sql } from "kysely";
import type { Migration } from "../../migrate.ts";

export const authMigrationPg: Migration = {
  version: 3,
  name: "auth-and-audit",
  async up(db) {
    await sql`
      create table api_tokens (
        id text collate "C" primary key,
        name text not null,
        role text not null check (role in ('viewer', 'analyst', 'admin')),
        token_hash text not null unique,
        created_at text collate "C" not null,
        revoked_at text,
        last_used_at text
      )`.execute(db);
    await sql`
      create table audit_log (
        id integer generated always as identity primary key,
        at text collate "C" not null,
        actor text collate "C" not null,
        actor_role text,
        method text not null,
        path text not null,
        action text collate "C" not null,
        target text,
        outcome text not null,
        status integer not null,
        detail text
      )`.execute(db);
    await sql`create index audit_log_at on audit_log (at)`.execute(db);
    await sql`
      create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'integrity_constraint_violation';
      end
      $$`.execute(db);
    await sql`create trigger audit_log_no_update before update on audit_log
      for each row execute function audit_log_append_only()`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      for each row execute function audit_log_append_only()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only()`.execute(db);
  },
};

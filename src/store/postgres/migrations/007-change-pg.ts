/**
 * @module store/postgres/migrations/007-change-pg
 * Version 7 on PostgreSQL: the change analyses' tables, the same schema as on SQLite (store/migrations/007-change,
 * written for both dialects).
 */
import type { Migration } from "../../migrate.ts";
import { changeMigration } from "../../migrations/007-change.ts";

export const changeMigrationPg: Migration = { version: 7, name: changeMigration.name, up: (db) => changeMigration.up(db) };

/**
 * @module store/postgres/migrations
 * The PostgreSQL twins of store/migrations: the same versions and names, written in PostgreSQL's own
 * terms (identity columns, booleans, PostGIS geometries, PL/pgSQL triggers). A new schema change adds
 * an entry to both lists with the same version; the contract suite (test/store/contract.test.ts) checks
 * that the two stores behave alike.
 */
import type { Migration } from "../../migrate.ts";
import { figuresMigrationPg } from "./001-figures-pg.ts";
import { surveysMigrationPg } from "./002-surveys-pg.ts";
import { authMigrationPg } from "./003-auth-pg.ts";
import { surveyDeletionsMigrationPg } from "./004-survey-deletions-pg.ts";
import { auditChainMigrationPg } from "./005-audit-chain-pg.ts";
import { labelsMigrationPg } from "./006-labels-pg.ts";
import { changeMigrationPg } from "./007-change-pg.ts";
import { routeAnalysesMigrationPg } from "./008-routes-pg.ts";
import { surveyGeometriesMigrationPg } from "./009-survey-geometries-pg.ts";
import { figureCitationsMigrationPg } from "./010-figure-citations-pg.ts";
import { fieldCodesMigrationPg } from "./011-field-codes-pg.ts";
import { changeLabelsMigrationPg } from "./012-change-labels-pg.ts";

/** Every PostgreSQL migration, in version order (1 figures, 2 surveys, 3 auth/audit, 4 survey deletions log, 5 audit hash chain, 6 reference labels, 7 change analyses, 8 route analyses, 9 survey geometries, 10 figure citations, 11 field class codes and pixel counts, 12 change survey labels). */
export const PG_MIGRATIONS: readonly Migration[] = [
  figuresMigrationPg,
  surveysMigrationPg,
  authMigrationPg,
  surveyDeletionsMigrationPg,
  auditChainMigrationPg,
  labelsMigrationPg,
  changeMigrationPg,
  routeAnalysesMigrationPg,
  surveyGeometriesMigrationPg,
  figureCitationsMigrationPg,
  fieldCodesMigrationPg,
  changeLabelsMigrationPg,
];

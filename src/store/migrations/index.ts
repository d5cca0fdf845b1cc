/**
 * @module store/migrations
 * The ordered list of schema migrations. Versions are fixed forever once
 * released; a new change is a new entry with the next version. Migrations use
 * kysely's schema builder so that the same list runs on SQLite and PostgreSQL.
 */
import type { Migration } from "../migrate.ts";
import { surveyDeletionsMigration } from "./004-survey-deletions.ts";
import { figuresMigration } from "./001-figures.ts";
import { migration003Auth } from "./003-auth.ts";
import { surveysMigration } from "./002-surveys.ts";
import { auditChainMigration } from "./005-audit-chain.ts";
import { labelsMigration } from "./006-labels.ts";
import { changeMigration } from "./007-change.ts";
import { routeAnalysesMigration } from "./008-routes.ts";
import { surveyGeometriesMigration } from "./009-survey-geometries.ts";
import { figureCitationsMigration } from "./010-figure-citations.ts";
import { fieldCodesMigration } from "./011-field-codes.ts";
import { changeLabelsMigration } from "./012-change-labels.ts";

/** Every migration, in version order. Version 1 = figures, 2 = surveys, 3 = auth/audit, 4 = survey deletions log, 5 = audit hash chain, 6 = reference labels, 7 = change analyses, 8 = route analyses, 9 = survey regions, sample points and tile index, 10 = figure citations, 11 = field class codes and pixel counts, 12 = change survey labels (further citations of a figure; three citation kinds). */
export const MIGRATIONS: readonly Migration[] = [
  figuresMigration,
  surveysMigration,
  migration003Auth,
  surveyDeletionsMigration,
  auditChainMigration,
  labelsMigration,
  changeMigration,
  routeAnalysesMigration,
  surveyGeometriesMigration,
  figureCitationsMigration,
  fieldCodesMigration,
  changeLabelsMigration,
];

/**
 * @module survey/stages/store
 * Stage "store": the survey, its estimates, fields and artifacts (class map, sample,
 * regions), its labels and its interpreters' assignments in the store, in one transaction.
 */
import type { LabelAssignment } from "../../domain/reference-label.ts";
import { readFileSync } from "node:fs";
import type { Store } from "../../store/store.ts";
import type { RasterGrid } from "../../domain/raster-grid.ts";
import type { NewSurvey, SurveyArtifact } from "../../store/survey-repository.ts";
import type { SurveyGeometries } from "../../store/survey-geometry-repository.ts";
import { regionRowsOf, samplePointRowsOf, tileIndexOf } from "../geometry-index.ts";

export interface StoreContext {
  store: Store;
  /** The survey without its artifacts (those are read from `artifactFiles`). */
  survey: Omit<NewSurvey, "artifacts">;
  artifactFiles: { classes: string; sampleGeoJson: string; sampleCsv: string; regions: string; sources?: string };
  /** For the spatial tables: the regions file's name field and the class map's grid (its tile index). */
  regionsNameField?: string;
  grid?: RasterGrid;
  /** The units given to the config's named interpreters, kept with the survey (none without them). */
  assignments?: readonly LabelAssignment[];
}

/** The files a survey keeps, as artifacts. */
export function surveyArtifacts(files: StoreContext["artifactFiles"]): SurveyArtifact[] {
  return [
    { name: "classes.tif", mediaType: "image/tiff; application=geotiff; profile=cloud-optimized", bytes: readFileSync(files.classes) },
    { name: "sample.geojson", mediaType: "application/geo+json", bytes: readFileSync(files.sampleGeoJson) },
    { name: "sample.csv", mediaType: "text/csv", bytes: readFileSync(files.sampleCsv) },
    { name: "regions.geojson", mediaType: "application/geo+json", bytes: readFileSync(files.regions) },
    ...(files.sources
      ? [{ name: "sources.tif", mediaType: "image/tiff; application=geotiff; profile=cloud-optimized", bytes: readFileSync(files.sources) }]
      : []),
  ];
}

/** The survey's regions, sample points and tile index as rows of the store's spatial tables. */
export function surveyGeometries(artifacts: readonly SurveyArtifact[], nameField: string, grid: RasterGrid | undefined): SurveyGeometries {
  const json = (name: string): unknown => {
    const a = artifacts.find((x) => x.name === name);
    try {
      return a ? JSON.parse(new TextDecoder().decode(a.bytes)) : undefined;
    } catch {
      return undefined; // not GeoJSON text: no rows (the artifact is still stored as it is)
    }
  };
  return {
    regions: regionRowsOf(json("regions.geojson"), nameField),
    samplePoints: samplePointRowsOf(json("sample.geojson")),
    tiles: grid ? tileIndexOf(grid) : [],
  };
}

/** Store the survey; returns its id. */
export async function storeStage({ store, survey, artifactFiles, regionsNameField = "name", grid, assignments = [] }: StoreContext): Promise<number> {
  const artifacts = surveyArtifacts(artifactFiles);
  // The assignments go in the survey's own transaction: a failure writing them stores nothing of the survey.
  return store.surveys.save({ ...survey, artifacts, geometries: surveyGeometries(artifacts, regionsNameField, grid), assignments });
}

/**
 * @module survey/stages/store
 * Stage "store": the survey, its estimates, fields and artifacts (class map, sample,
 * regions) in the store, in one transaction.
 */
import type { LabelAssignment } from "../../domain/reference-label.ts";
import { readFileSync } from "node:fs";
import type { Store } from "../../store/store.ts";
import type { NewSurvey, SurveyArtifact } from "../../store/survey-repository.ts";

export interface StoreContext {
  store: Store;
  /** The survey without its artifacts (those are read from `artifactFiles`). */
  survey: Omit<NewSurvey, "artifacts">;
  artifactFiles: { classes: string; sampleGeoJson: string; sampleCsv: string; regions: string; sources?: string };
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

/** Store the survey; returns its id. */
export async function storeStage({ store, survey, artifactFiles, assignments = [] }: StoreContext): Promise<number> {
  const id = await store.surveys.save({ ...survey, artifacts: surveyArtifacts(artifactFiles) });
  if (assignments.length > 0) await store.labels.assign(id, assignments);
  return id;
}

/**
 * @module domain/provenance
 * Where a stored survey came from: every input file with its checksum, the code version,
 * the seed, the classifier, the production parameter set, and each stage's time and memory.
 * Written by the survey runner, stored with the survey, answered by the API and the dashboard.
 */

/** One input of a run: a file (with its SHA-256 and size) or a URL or description (without). */
export interface InputRecord {
  role: string;
  path: string;
  sha256: string | null;
  sizeBytes: number | null;
}

/** One timed stage of a run. */
export interface StageRecord {
  name: string;
  seconds: number;
  /** Peak resident set size of the process during the stage, MiB. */
  peakRssMiB: number;
}

/** The production parameter set a survey used, as recorded (its parameters are in data/parameter-sets). */
export interface ParameterSetRecord {
  name: string;
  source: string;
  sourceFamily: string;
  period: { from: number; to: number };
  description: string;
}

export interface SurveyProvenance {
  /** Package version and git commit, see survey/code-version.ts. */
  codeVersion: string;
  seed: number;
  inputs: InputRecord[];
  model: { path: string; sha256: string; trained: boolean };
  parameterSet: ParameterSetRecord;
  /** Node.js version, e.g. "v20.11.0". */
  node: string;
  /** Size of the tile pool that classified the scene. */
  poolSize: number;
  stages: StageRecord[];
}

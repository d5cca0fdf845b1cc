/**
 * @module stats/area
 * The area-estimation API for outside callers (survey runner, API): sampling
 * designs, sample size, allocation and the estimators. Re-exports only.
 */
export { allocateSample, allocationName, parseAllocation, type Allocation, type AllocationRule } from "./allocation.ts";
export { finishEstimate, type AreaEstimate, type AreaEstimator } from "./area-estimate.ts";
export { bufferStrata, type BufferStrataInput } from "./buffer-stratum.ts";
export { inverseNormalCdf, normalInterval, resolveInterval, zForConfidence, type IntervalSpec } from "./confidence.ts";
export { estimateFromErrorMatrix, type ErrorMatrixInput } from "./olofsson-estimator.ts";
export { estimatePostStratified, estimateSimpleRandom, type PostStratifiedInput, type SimpleRandomInput, type SrsUnit } from "./post-stratified.ts";
export { expectedStandardError, sampleSizeForClassArea, sampleSizeForOverallAccuracy, type SampleSizeResult } from "./sample-size.ts";
export { countStrata, type FrameCounts, type StratumRaster } from "./sampling-frame.ts";
export { estimateSegmentTotal, type SegmentEstimate, type SegmentEstimateInput, type SegmentObservation, type SegmentStratum } from "./segment-estimator.ts";
export { designSimpleRandomSample, type SimpleRandomDesignInput } from "./simple-random-design.ts";
export {
  designStratifiedSample,
  sampleSizeFromTarget,
  type DesignStratum,
  type DesignUnit,
  type SampleDesign,
  type SampleSizeTarget,
  type StratifiedDesignInput,
} from "./stratified-design.ts";
export { estimateStratified, type LabelledUnit, type StratifiedEstimateInput, type StratumSize } from "./stratified-estimator.ts";
export { designSystematicSample, type SystematicDesignInput } from "./systematic-design.ts";

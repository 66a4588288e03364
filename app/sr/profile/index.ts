/** Slice-profile estimation from the stack itself (see estimate.ts). */
export {
  estimateSliceProfile,
  PROFILE_METHOD,
  type ProfileEstimateOptions,
  type SliceProfileEstimate,
} from './estimate.js';

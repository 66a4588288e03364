/** Image-quality metrics against a ground truth: PSNR and SSIM (3D and per plane). */
export { psnr, psnrOf, psnrPerPlane, mse, dataRange } from './psnr.js';
export { ssim, ssimWindow, SSIM_SIGMA, SSIM_RADIUS, SSIM_K1, SSIM_K2, type SsimResult } from './ssim.js';
export { disagreementErrorCorrelation, ranks, spearman, SPEARMAN_MAX_VOXELS } from './spearman.js';

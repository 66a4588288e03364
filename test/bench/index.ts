/**
 * `npm run bench [volume|compute|engine|channels|store|profile]`: benchmarks (all by default). Timings live here, never in
 * pass/fail tests. ISOTROPE_BENCH_SIZE picks the generated stack size (default 8GB).
 */
import { benchCompute } from './compute.js';
import { benchChannels } from './channels.js';
import { benchEngine } from './engine.js';
import { benchVolumeIo } from './volume-io.js';
import { benchStore } from './store.js';
import { benchProfile } from './profile.js';

const only = process.argv[2];
if (!only || only === 'volume') await benchVolumeIo();
if (!only || only === 'compute') await benchCompute();
if (!only || only === 'engine') await benchEngine();
if (!only || only === 'channels') await benchChannels();
if (!only || only === 'store') await benchStore();
if (!only || only === 'profile') await benchProfile();

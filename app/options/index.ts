/**
 * How an option schema describes its command-line flag, and how a failed parse reads as one
 * line, and a file-system failure in words. Imports only zod; every layer that owns options builds its schema with these.
 */
export { describeFailure, expectedValue, failedField } from './expected.js';
export { fileProblem } from './file-problem.js';
export { flags, type FlagMeta } from './flags.js';
export { SelectionSchema, SelectionError, resolveSelection } from './selection.js';

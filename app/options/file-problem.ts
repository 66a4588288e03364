/**
 * A file-system failure in words, for the one line an error prints: every layer that names a
 * path it could not write (the volume layer's output folders, the run layer's RUN_DIR) says it
 * the same way. Here, the lowest browser-safe layer, because the run layer's errors reach the
 * renderer's bundle through the API's schemas.
 */
const FILE_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOTDIR: 'a file stands where a folder of the path should be',
  EISDIR: 'a folder stands where a file should be',
  EEXIST: 'a file of that name exists',
  ENOENT: 'no such file or folder',
  ENOSPC: 'disk full',
};

/**
 * A file-system failure in words with its code ("permission denied (EACCES)"), not Node's raw
 * "EACCES: permission denied, mkdir '/x'": the line names the path once, then what to do.
 */
export function fileProblem(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  const words = typeof code === 'string' ? FILE_PROBLEMS[code] : undefined;
  if (words) return `${words} (${String(code)})`;
  return cause instanceof Error ? cause.message : String(cause);
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UsageError } from '../errors.js';

const gzipMagic = [0x1f, 0x8b];

/**
 * Reads a whole data file, unpacking it when it is gzip (recognised by its magic bytes,
 * whatever its name). A missing, unreadable or corrupt file is a `UsageError` naming it.
 */
export function readDataFile(path: string): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UsageError(`${path}: cannot read the file (${describeFsError(error)})`);
  }
  if (bytes[0] !== gzipMagic[0] || bytes[1] !== gzipMagic[1]) return plainBytes(bytes);
  try {
    return plainBytes(gunzipSync(bytes));
  } catch {
    throw new UsageError(`${path}: the file starts like gzip but does not unpack (corrupt or ` +
      'truncated download?)');
  }
}

/** Checks that the data folder exists, so that its absence is reported as such. */
export function requireDataDir(dataDir: string | undefined, dataset: string,
  expectedFiles: string): string {
  if (dataDir === undefined) {
    throw new UsageError(`dataset ${dataset} needs --data-dir: a folder with ${expectedFiles}`);
  }
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new UsageError(`data folder ${dataDir} does not exist (dataset ${dataset} expects ` +
      `${expectedFiles} there)`);
  }
  return dataDir;
}

/**
 * The path of `name` in `dataDir` or in one of its `subfolders` (where the official
 * archives unpack), also as `name.gz`; a `UsageError` listing where it looked otherwise.
 */
export function findDataFile(dataDir: string, name: string, subfolders: string[] = []): string {
  const folders = [dataDir, ...subfolders.map((folder) => join(dataDir, folder))];
  const candidates = folders.flatMap((folder) => [join(folder, name), join(folder, `${name}.gz`)]);
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new UsageError(`${join(dataDir, name)}: file not found (also looked for .gz` +
      `${subfolders.length > 0 ? ` and in ${subfolders.join(', ')}` : ''})`);
  }
  return found;
}

/** A plain Uint8Array view of a Buffer (whose `slice` would share memory instead of copying). */
function plainBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return code ?? String(error);
}

/**
 * A small zip reader for the archives users download (FINRA's quarterly 606
 * bulk file, a market center's monthly 605 zip): the central directory is
 * read, and each member is inflated with the platform's
 * `DecompressionStream("deflate-raw")` (no dependency), its bytes counted as
 * they come so that a zip bomb stops at the limit. Stored (method 0) and
 * deflated (method 8) members are read; encrypted members, other methods
 * and ZIP64 archives are named errors.
 *
 * @module
 */
import { DEFAULT_MAX_BYTES, DisclosureError, disclosureError, joinChunks } from "./errors.ts";

/** One member of a zip archive, not yet inflated. */
export interface ZipEntry {
  /** Path of the member inside the archive. */
  name: string;
  /** Size once inflated, as the directory says, bytes. */
  size: number;
  /** Inflates the member, refusing more than `maxBytes` bytes (counted while inflating). */
  read(maxBytes?: number): Promise<Uint8Array>;
}

function fail(source: string, message: string): never {
  throw disclosureError(source, message);
}

async function inflate(data: Uint8Array, name: string, maxBytes: number): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new DecompressionStream("deflate-raw"));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel();
        fail(name, `inflates to more than the limit of ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof DisclosureError) throw e;
    fail(name, `cannot inflate: ${(e as Error).message}`);
  }
  return joinChunks(chunks, total);
}

/**
 * The file members of a zip archive (directories left out), in archive
 * order; `source` names the archive in messages, and each member is named
 * `source!member`.
 *
 * @example
 * ```ts
 * import { zipEntries } from "./zip.ts";
 * // A stored (uncompressed) archive holding a.txt = "hi", built by hand.
 * const name = new TextEncoder().encode("a.txt");
 * const data = new TextEncoder().encode("hi");
 * const u16 = (n: number) => [n & 255, n >> 8];
 * const u32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24];
 * const crc = 0xd8932aac; // CRC-32 of "hi"
 * const local = [...u32(0x04034b50), ...u16(20), ...u16(0), ...u16(0), ...u32(0), ...u32(crc),
 *   ...u32(2), ...u32(2), ...u16(name.length), ...u16(0), ...name, ...data];
 * const central = [...u32(0x02014b50), ...u16(20), ...u16(20), ...u16(0), ...u16(0), ...u32(0),
 *   ...u32(crc), ...u32(2), ...u32(2), ...u16(name.length), ...u16(0), ...u16(0), ...u16(0),
 *   ...u16(0), ...u32(0), ...u32(0), ...name];
 * const end = [...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(1), ...u16(1),
 *   ...u32(central.length), ...u32(local.length), ...u16(0)];
 * const zip = new Uint8Array([...local, ...central, ...end]);
 * const [entry] = zipEntries(zip, "demo.zip");
 * if (entry.name !== "a.txt" || new TextDecoder().decode(await entry.read()) !== "hi") {
 *   throw new Error();
 * }
 * ```
 */
export function zipEntries(zip: Uint8Array, source: string): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end-of-central-directory record: within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail(source, "not a zip archive: no end of central directory");
  const count = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true);
  let at = view.getUint32(eocd + 16, true);
  if (count === 0xffff || at === 0xffffffff || dirSize === 0xffffffff) {
    fail(source, "ZIP64 archives are not supported: unpack it and pass the folder");
  }
  const entries: ZipEntry[] = [];
  const names = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (at + 46 > zip.length || view.getUint32(at, true) !== 0x02014b50) {
      fail(source, `damaged central directory at entry ${k + 1}`);
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    const name = names.decode(zip.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
    if (name.endsWith("/")) continue;
    const label = `${source}!${name}`;
    entries.push({
      name,
      size,
      read: async (maxBytes = DEFAULT_MAX_BYTES) => {
        if (flags & 1) fail(label, "encrypted: cannot read");
        if (offset + 30 > zip.length || view.getUint32(offset, true) !== 0x04034b50) {
          fail(label, "damaged: no local header");
        }
        const start = offset + 30 + view.getUint16(offset + 26, true) +
          view.getUint16(offset + 28, true);
        if (start + compressed > zip.length) fail(label, "damaged: the member runs past the end");
        const data = zip.subarray(start, start + compressed);
        if (method === 0) {
          if (compressed > maxBytes) {
            fail(label, `is ${compressed} bytes, more than the limit of ${maxBytes}`);
          }
          return data.slice();
        }
        if (method !== 8) fail(label, `compression method ${method} is not supported`);
        return await inflate(data, label, maxBytes);
      },
    });
  }
  return entries;
}

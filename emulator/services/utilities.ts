/** Utilities: dates in Java patterns, UUIDs, sleep on the emulated clock, base64, digests, minimal blobs. */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { service, strictEnum } from '../support';
import { formatJavaDate, parseJavaDate } from './dateFormat';
import { isDate, type Host } from './host';

const Charset = strictEnum('Utilities.Charset', { US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' });
const DigestAlgorithm = strictEnum('Utilities.DigestAlgorithm', { MD5: 'MD5', SHA_1: 'SHA_1', SHA_256: 'SHA_256', SHA_384: 'SHA_384', SHA_512: 'SHA_512' });
const NODE_DIGEST: Record<string, string> = { MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' };

/** Apps Script byte arrays hold signed bytes (-128..127). */
const signed = (buf: Buffer): number[] => [...buf].map((b) => (b > 127 ? b - 256 : b));

function toBuffer(data: unknown, charset?: unknown): Buffer {
  if (Array.isArray(data)) return Buffer.from(data.map((b) => Number(b) & 255));
  return Buffer.from(String(data ?? ''), charset === 'US_ASCII' ? 'latin1' : 'utf8');
}

class Blob {
  constructor(private bytes: Buffer, private contentType: string | null, private name: string | null) {}
  getBytes(): number[] {
    return signed(this.bytes);
  }
  getDataAsString(charset?: string): string {
    return this.bytes.toString(charset === 'US_ASCII' ? 'latin1' : 'utf8');
  }
  getContentType(): string | null {
    return this.contentType;
  }
  setContentType(t: string): this {
    this.contentType = t;
    return this;
  }
  getName(): string | null {
    return this.name;
  }
  setName(n: string): this {
    this.name = n;
    return this;
  }
  setDataFromString(s: string, charset?: string): this {
    this.bytes = toBuffer(s, charset);
    return this;
  }
  setBytes(b: number[]): this {
    this.bytes = toBuffer(b);
    return this;
  }
  isGoogleType(): boolean {
    return false;
  }
  copyBlob(): Blob {
    return new Blob(Buffer.from(this.bytes), this.contentType, this.name);
  }
}

/**
 * Utilities.parseCsv: rows of text. Fields may be quoted ("a,b", a doubled "" is one quote, newlines
 * inside quotes are kept); nothing is converted (numbers and dates stay text); a line break (LF or CRLF)
 * ends a row and a final line break adds no empty row.
 */
export function parseCsv(csv: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  if (csv === '') return rows;
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < csv.length) {
    const ch = csv[i];
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || (ch === '\r' && csv[i + 1] === '\n')) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (ch === '\r') i++;
    } else field += ch;
    i++;
  }
  if (quoted) throw new Error('Could not parse text.');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function createUtilities(host: Host): GoogleAppsScript.Utilities.Utilities {
  const blob = (b: Blob) => service('Blob', b, host.count);
  return service(
    'Utilities',
    {
      Charset,
      DigestAlgorithm,
      formatDate(date: Date, timeZone: string, format: string): string {
        if (!isDate(date)) throw new Error('Invalid argument: date');
        return formatJavaDate(date, String(timeZone), String(format));
      },
      parseDate(date: string, timeZone: string, format: string): Date {
        const d = parseJavaDate(String(date), String(timeZone), String(format));
        if (!d) throw new Error(`Unparseable date: "${date}"`);
        return d;
      },
      parseCsv(csv: string, delimiter?: string): string[][] {
        if (typeof csv !== 'string') throw new Error('Invalid argument: csv');
        if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter.length !== 1)) throw new Error('Invalid argument: delimiter');
        return parseCsv(csv, delimiter);
      },
      getUuid(): string {
        return randomUUID();
      },
      sleep(milliseconds: number): void {
        const ms = Number(milliseconds);
        if (!Number.isFinite(ms) || ms < 0) throw new Error('Invalid argument: milliseconds');
        if (ms > 300000) throw new Error('Invalid argument: milliseconds (at most 300000)');
        host.spend(ms);
      },
      base64Encode(data: unknown, charset?: string): string {
        return toBuffer(data, charset).toString('base64');
      },
      base64EncodeWebSafe(data: unknown, charset?: string): string {
        return toBuffer(data, charset).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
      },
      base64Decode(encoded: string): number[] {
        return signed(Buffer.from(String(encoded), 'base64'));
      },
      base64DecodeWebSafe(encoded: string): number[] {
        return signed(Buffer.from(String(encoded).replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
      },
      computeDigest(algorithm: string, value: unknown, charset?: string): number[] {
        const alg = NODE_DIGEST[String(algorithm)];
        if (!alg) throw new Error(`Invalid argument: algorithm ${algorithm}`);
        return signed(createHash(alg).update(toBuffer(value, charset)).digest());
      },
      computeHmacSha256Signature(value: unknown, key: unknown, charset?: string): number[] {
        return signed(createHmac('sha256', toBuffer(key, charset)).update(toBuffer(value, charset)).digest());
      },
      newBlob(data: unknown, contentType?: string, name?: string) {
        return blob(new Blob(toBuffer(data), contentType ?? null, name ?? null));
      },
    },
    host.count,
  ) as unknown as GoogleAppsScript.Utilities.Utilities;
}

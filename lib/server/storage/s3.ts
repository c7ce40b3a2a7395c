import "server-only";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { assertSafeKey, normalizeListPrefix } from "./storage-adapter";
import type { StorageAdapter, StorageObjectInfo } from "./storage-adapter";

export type S3StorageOptions = {
  /** Custom endpoint (MinIO, R2, s3rver...); path-style addressing is used when set. */
  endpoint?: string;
  bucket: string;
  region: string;
  /** Both or neither; without them the SDK's default credential chain applies. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Base URL the bucket is served at (CDN or bucket URL); `publicUrl` appends the object key. */
  publicUrl?: string;
  /** Folder inside the bucket that holds every key, e.g. `pba` or `pba/`. */
  prefix?: string;
  /** Attempts per request, retries included (SDK default 3). */
  maxAttempts?: number;
  /** Milliseconds to establish a connection (default 5,000). */
  connectionTimeoutMs?: number;
  /** Milliseconds a request may stay idle (default 30,000). */
  requestTimeoutMs?: number;
};

/** DeleteObjects accepts at most 1,000 keys per request. */
const DELETE_BATCH = 1000;

const cacheControlFor = (key: string): string | undefined => {
  // Artifacts of a version never change; current.json is the pointer clients must revalidate.
  if (key.endsWith(".cab")) return "public, max-age=31536000, immutable";
  if (key === "current.json" || key.endsWith("/current.json")) return "no-cache";
  return undefined;
};

/** A missing object (or, for HeadBucket, bucket); a missing bucket on GetObject is not "missing". */
const isNotFound = (error: unknown, operation: "object" | "bucket" = "object"): boolean =>
  error instanceof S3ServiceException &&
  (operation === "bucket" || error.name !== "NoSuchBucket") &&
  (error.name === "NoSuchKey" || error.name === "NotFound" || error.$metadata.httpStatusCode === 404);

/** A readable reason for an SDK failure: S3 error code and status, or the network error. */
const reasonOf = (error: unknown): string => {
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode;
    const message = error.message && ![error.name, "UnknownError"].includes(error.message) ? `: ${error.message}` : "";
    return `${error.name}${status ? ` (HTTP ${status})` : ""}${message}`;
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    let message = error.message || (error instanceof AggregateError ? error.errors.map(String).join("; ") : "");
    if (code && !message.includes(code)) message = `${code}: ${message}`;
    return error.name && error.name !== "Error" ? `${error.name}: ${message}` : message || "unknown error";
  }
  return String(error);
};

/** Stores objects in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2...). */
export class S3Storage implements StorageAdapter {
  readonly name = "s3";
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly endpoint: string | undefined;
  private readonly prefix: string;
  private readonly baseUrl: string | undefined;

  constructor(options: S3StorageOptions) {
    const { endpoint, bucket, region, accessKeyId, secretAccessKey } = options;
    if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
      throw new Error("S3 storage needs both an access key id and a secret access key, or neither");
    }
    this.bucket = bucket;
    this.endpoint = endpoint;
    this.prefix = normalizeListPrefix(options.prefix ?? "");
    this.baseUrl = options.publicUrl?.replace(/\/+$/, "");
    this.client = new S3Client({
      region,
      endpoint,
      forcePathStyle: endpoint !== undefined,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
      maxAttempts: options.maxAttempts,
      // S3-compatible stores often reject the SDK's default CRC trailers on uploads.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      requestHandler: {
        connectionTimeout: options.connectionTimeoutMs ?? 5_000,
        requestTimeout: options.requestTimeoutMs ?? 30_000,
      },
    });
  }

  private objectKey(key: string): string {
    assertSafeKey(key);
    return this.prefix + key;
  }

  private fail(operation: string, key: string | undefined, error: unknown): Error {
    const target = key === undefined ? `bucket ${this.bucket}` : `s3://${this.bucket}/${this.prefix}${key}`;
    return new Error(`S3 ${operation} failed for ${target}: ${reasonOf(error)}`, { cause: error });
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    const Key = this.objectKey(key);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: data,
          ContentType: contentType,
          ContentLength: data.length,
          CacheControl: cacheControlFor(key),
        }),
      );
    } catch (error) {
      throw this.fail("PutObject", key, error);
    }
  }

  async get(key: string): Promise<Buffer | null> {
    const Key = this.objectKey(key);
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      if (!result.Body) return Buffer.alloc(0);
      const bytes = await result.Body.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.fail("GetObject", key, error);
    }
  }

  async head(key: string): Promise<StorageObjectInfo | null> {
    const Key = this.objectKey(key);
    try {
      const result = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return { size: result.ContentLength ?? 0, ...(result.ETag ? { etag: result.ETag } : {}) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.fail("HeadObject", key, error);
    }
  }

  async delete(keys: string[]): Promise<void> {
    // Validate every key before deleting any.
    const objectKeys = keys.map((key) => this.objectKey(key));
    for (let start = 0; start < objectKeys.length; start += DELETE_BATCH) {
      const batch = objectKeys.slice(start, start + DELETE_BATCH);
      const label = batch.length === 1 ? keys[start] : `${keys[start]} (+${batch.length - 1} more)`;
      let errors;
      try {
        const result = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
        errors = result.Errors ?? [];
      } catch (error) {
        throw this.fail("DeleteObjects", label, error);
      }
      const first = errors[0];
      if (first) {
        throw new Error(
          `S3 DeleteObjects failed for ${errors.length} key(s) in bucket ${this.bucket}, ` +
            `first s3://${this.bucket}/${first.Key ?? "?"}: ${first.Code ?? "error"} ${first.Message ?? ""}`.trim(),
        );
      }
    }
  }

  async list(prefix: string): Promise<string[]> {
    const folder = normalizeListPrefix(prefix);
    const out: string[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + folder, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key !== undefined) out.push(object.Key.slice(this.prefix.length));
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw this.fail("ListObjectsV2", folder || undefined, error);
    }
    return out.sort();
  }

  publicUrl(key: string): string | null {
    const objectKey = this.objectKey(key);
    return this.baseUrl === undefined ? null : `${this.baseUrl}/${objectKey}`;
  }

  async health(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const where = this.endpoint ?? "the default AWS endpoint";
      const hint = isNotFound(error, "bucket")
        ? " (the bucket does not exist)"
        : error instanceof S3ServiceException && error.$metadata.httpStatusCode === 403
          ? " (access denied: check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY)"
          : "";
      throw new Error(`S3 storage unreachable: HeadBucket on bucket ${this.bucket} at ${where} failed${hint}: ${reasonOf(error)}`, {
        cause: error,
      });
    }
  }
}

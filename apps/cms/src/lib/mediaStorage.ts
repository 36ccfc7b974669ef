import { s3Storage } from "@payloadcms/storage-s3";
import type { Plugin } from "payload";
import { env, type S3Settings } from "./env";

/**
 * Media on S3 when S3 settings are given (S3_BUCKET …, see env.ts), on the local folder
 * `<DATA_DIR>/media` otherwise — Payload's official adapter either way. Several CMS instances need
 * the files in one place: an upload through one is then served by all of them.
 *
 * - Files keep their address `/api/media/file/<name>`: the CMS streams them from the bucket with
 *   the collection's read access, so the site build fetches them as before, and the bucket needs
 *   no public access.
 * - `alwaysInsertFields`: the adapter's `prefix` field exists with or without S3, so the schema
 *   (and `payload-types.ts`) does not depend on the environment.
 */
/** `/api/media/file/<name>` on the CMS's public address, as Payload writes it for local files (with the adapter's prefix, if any). */
function fileUrl(filename: string, prefix?: string): string {
  const url = `${env.cmsUrl}/api/media/file/${encodeURIComponent(filename)}`;
  return prefix ? `${url}?prefix=${encodeURIComponent(prefix)}` : url;
}

export function mediaStorage(settings: S3Settings | undefined = env.s3): Plugin {
  return s3Storage({
    enabled: Boolean(settings),
    alwaysInsertFields: true,
    // The adapter leaves `url` empty unless it is told how to write it; the address the local folder gives.
    collections: { media: { generateFileURL: ({ filename, prefix }) => fileUrl(filename, prefix) } },
    bucket: settings?.bucket ?? "",
    config: settings
      ? {
          region: settings.region,
          forcePathStyle: settings.forcePathStyle,
          ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
          // Without keys the AWS SDK's own chain applies (instance role, AWS_* variables, …).
          ...(settings.accessKeyId && settings.secretAccessKey
            ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
            : {}),
        }
      : {},
  });
}

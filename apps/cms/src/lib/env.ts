import path from "node:path";
import { fileURLToPath } from "node:url";
import devDefaults from "./devDefaults.json" with { type: "json" };
import { mayUseDevDefaults, s3Problems } from "./startupConfig";

// Every setting the CMS reads from its environment, in one place, with the
// dev-only defaults marked as such. Production refuses to run on them.

const here = path.dirname(fileURLToPath(import.meta.url));
/** apps/cms/src/lib → the repository root. */
export const repoRoot = path.resolve(here, "../../../..");

const isProduction = process.env.NODE_ENV === "production";
const isBuildStep = process.env.NEXT_PHASE === "phase-production-build";
/** A local development start on localhost (src/lib/startupConfig.ts decides); everything else is production. */
const devDefaultsAllowed = mayUseDevDefaults(process.env);

/** DEV-ONLY secret: never used when NODE_ENV=production (see payloadSecret). */
const DEV_ONLY_SECRET = devDefaults.payloadSecret;
/** DEV-ONLY first admin, printed by the start script; set ADMIN_EMAIL / ADMIN_PASSWORD anywhere real. */
export const DEV_ONLY_ADMIN_EMAIL = devDefaults.adminEmail;
export const DEV_ONLY_ADMIN_PASSWORD = devDefaults.adminPassword;

function payloadSecret(): string {
  const secret = process.env.PAYLOAD_SECRET;
  if (secret) return secret;
  // A refused configuration already stopped the process (instrumentation.ts); this is the last
  // guard for the Local API scripts (seed, create-admin), which have no instrumentation hook.
  if (!devDefaultsAllowed && !isBuildStep) {
    throw new Error("PAYLOAD_SECRET must be set in production (a long random string); the dev-only default is refused.");
  }
  return DEV_ONLY_SECRET;
}

/** DEV-ONLY: the same default as apps/builder/src/config.ts and scripts/start.ts; refused in production. */
export const DEV_ONLY_BUILD_HOOK_SECRET = devDefaults.buildHookSecret;

function buildHookSecret(): string {
  const secret = process.env.BUILD_HOOK_SECRET || DEV_ONLY_BUILD_HOOK_SECRET;
  const devOnly = secret === DEV_ONLY_BUILD_HOOK_SECRET;
  if (!devDefaultsAllowed && !isBuildStep && (devOnly || secret.length < 32)) {
    throw new Error(
      "BUILD_HOOK_SECRET must be set in production (at least 32 random characters, shared with the build service); the dev-only default is refused.",
    );
  }
  return secret;
}

function flag(value: string | undefined): boolean | undefined {
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** Where media files go when they are on S3 (or an S3-compatible server); see lib/mediaStorage.ts. */
export type S3Settings = {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
};

/** S3_BUCKET turns S3 on; the other S3_* variables say where and how (README "Environment variables"). */
export function s3Settings(source: NodeJS.ProcessEnv = process.env): S3Settings | undefined {
  const bucket = source.S3_BUCKET?.trim();
  if (!bucket) return undefined;
  // A start refuses these already (startupConfig.ts, exit 78); this guards the Local API scripts.
  const problems = s3Problems(source);
  if (problems.length) throw new Error(problems.join("; "));
  const forcePathStyle = flag(source.S3_FORCE_PATH_STYLE);
  return {
    bucket,
    region: source.S3_REGION || "us-east-1",
    ...(source.S3_ENDPOINT ? { endpoint: source.S3_ENDPOINT } : {}),
    // A custom endpoint (SeaweedFS, MinIO, …) usually serves buckets as paths, not as host names.
    forcePathStyle: forcePathStyle ?? Boolean(source.S3_ENDPOINT),
    ...(source.S3_ACCESS_KEY_ID ? { accessKeyId: source.S3_ACCESS_KEY_ID, secretAccessKey: source.S3_SECRET_ACCESS_KEY } : {}),
  };
}

export const env = {
  isProduction,
  databaseUri: process.env.DATABASE_URI ?? "mongodb://127.0.0.1:27018/cica",
  /** Set by the launcher's databaseEnv(); absent means "assume the engine cannot". */
  databaseTransactions: flag(process.env.DATABASE_TRANSACTIONS) ?? false,
  databaseLookup: flag(process.env.DATABASE_LOOKUP) ?? false,
  /** "ferretdb", "mongod", "external", … (the launcher's engine name; informational). */
  databaseEngine: process.env.DATABASE_ENGINE ?? "unknown",
  get payloadSecret() {
    return payloadSecret();
  },
  cmsUrl: (process.env.CMS_URL ?? "http://localhost:3000").replace(/\/$/, ""),
  siteUrl: (process.env.SITE_URL ?? "http://localhost:8080").replace(/\/$/, ""),
  dataDir: path.resolve(repoRoot, process.env.DATA_DIR ?? ".data"),
  adminEmail: process.env.ADMIN_EMAIL ?? DEV_ONLY_ADMIN_EMAIL,
  /** Unset in production: the first admin then comes from `npm run create-admin`, never from a default. */
  adminPassword: process.env.ADMIN_PASSWORD ?? (devDefaultsAllowed ? DEV_ONLY_ADMIN_PASSWORD : undefined),
  /** Production refuses anonymous first-user registration (src/collections/Users/endpoints). */
  devDefaultsAllowed,
  /** Seconds-resolution cron for the jobs queue (scheduled publishing). */
  jobsCron: process.env.CMS_JOBS_CRON ?? "*/10 * * * * *",
  /** Tests switch the in-process job runner off and run the queue themselves. */
  jobsAutoRun: process.env.CMS_JOBS_AUTORUN !== "false",
  /** Where the "site changed" notice goes (the build service's POST /hooks/publish). */
  buildHookUrl: process.env.BUILD_HOOK_URL ?? "http://localhost:8090/hooks/publish",
  /** The build service's origin, for draft previews (POST /preview). */
  get builderUrl() {
    return (process.env.BUILDER_URL ?? new URL(this.buildHookUrl).origin).replace(/\/$/, "");
  },
  /** HMAC key shared with the build service: signs notices, checks build reports. */
  get buildHookSecret() {
    return buildHookSecret();
  },
  /** The previous secret, also accepted on build reports while rotating. */
  buildHookSecretPrevious: process.env.BUILD_HOOK_SECRET_PREVIOUS || undefined,
  /** How often the notice queue is retried (seconds-resolution cron); a new notice is sent at once. */
  buildNoticeCron: process.env.CMS_BUILD_NOTICE_CRON ?? "*/2 * * * * *",
  /** Media on S3 when S3_BUCKET is set; the local folder `<dataDir>/media` otherwise. */
  s3: s3Settings(),
  /** Set by scripts/start.ts: load the sample content when the database is empty. */
  seedOnEmpty: process.env.CMS_SEED_ON_EMPTY === "true",
};

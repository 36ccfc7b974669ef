import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildConfig } from "payload";
import { lexicalEditor } from "@payloadcms/richtext-lexical";
import { en } from "@payloadcms/translations/languages/en";
import { ru } from "@payloadcms/translations/languages/ru";
import { zh } from "@payloadcms/translations/languages/zh";
import sharp from "sharp";
import { defaultLocale, locales } from "@cica/schema";
import { Events } from "./collections/Events/index";
import { Media } from "./collections/Media";
import { Organizations } from "./collections/Organizations";
import { Users } from "./collections/Users";
import { Builds } from "./collections/Builds/index";
import { SiteSettings } from "./globals/SiteSettings";
import { uploadOptions } from "./lib/bodyLimits";
import { databaseAdapter } from "./lib/database";
import { databaseOutageAfterError } from "./lib/databaseOutage";
import { env } from "./lib/env";
import { mediaStorage } from "./lib/mediaStorage";
import { publicReadCachePlugin } from "./lib/publicReadCache";
import { jobsConfig } from "./jobs/index";
import { catchUpAfterStart } from "./pipeline/notice";
import { seedIfEmpty } from "./seed/index";
import { ensureFirstAdmin } from "./lib/firstAdmin";

const dirname = path.dirname(fileURLToPath(import.meta.url));
const allowedOrigins = [env.cmsUrl, env.siteUrl];

export default buildConfig({
  serverURL: env.cmsUrl,
  secret: env.payloadSecret,
  telemetry: false,
  db: databaseAdapter(),
  sharp,
  editor: lexicalEditor(),
  collections: [Events, Organizations, Media, Users, Builds],
  globals: [SiteSettings],
  localization: {
    locales: locales.map((l) => ({ code: l.code, label: `${l.nativeName} (${l.code})` })),
    defaultLocale,
    fallback: true,
  },
  i18n: { supportedLanguages: { en, ru, zh }, fallbackLanguage: "en" },
  admin: {
    user: Users.slug,
    // Gravatar would be a request to the internet from every admin page.
    avatar: "default",
    importMap: { baseDir: dirname },
    meta: { titleSuffix: " — CICA Events" },
    components: { beforeDashboard: ["/components/BuildStatus#BuildStatus"] },
  },
  upload: uploadOptions,
  cors: allowedOrigins,
  csrf: allowedOrigins,
  jobs: jobsConfig,
  // Media on S3 when S3 settings are given, else the local folder (lib/mediaStorage.ts); every change of
  // public content counts in the database, for the anonymous read cache of every instance (lib/publicReadCache.ts).
  plugins: [mediaStorage(), publicReadCachePlugin()],
  // A request under way when the database went away: 503 with Retry-After and the reason, not 500.
  hooks: { afterError: [databaseOutageAfterError] },
  typescript: { autoGenerate: false, outputFile: path.resolve(dirname, "payload-types.ts") },
  graphQL: { disablePlaygroundInProduction: true },
  // The start script asks for the sample content on a fresh install.
  onInit: async (payload) => {
    // Refuse to run in production on the dev-only build hook secret (throws with the reason).
    void env.buildHookSecret;
    if (env.seedOnEmpty) await seedIfEmpty(payload);
    await ensureFirstAdmin(payload, { email: env.adminEmail, password: env.adminPassword });
    // A serving CMS (its queue runs) makes up for a change whose notice a crash may have lost.
    if (env.jobsAutoRun && process.env.NEXT_PHASE !== "phase-production-build") await catchUpAfterStart(payload);
  },
});

import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildConfig } from "payload";
import { lexicalEditor } from "@payloadcms/richtext-lexical";
import { en } from "@payloadcms/translations/languages/en";
import { ru } from "@payloadcms/translations/languages/ru";
import { zh } from "@payloadcms/translations/languages/zh";
import sharp from "sharp";
import { defaultLocale, locales } from "@cica/schema";
import { Events } from "./collections/Events/index.js";
import { Media } from "./collections/Media.js";
import { Organizations } from "./collections/Organizations.js";
import { Users } from "./collections/Users.js";
import { SiteSettings } from "./globals/SiteSettings.js";
import { defaultTimeZone, timeZoneOptions } from "./fields/options.js";
import { databaseAdapter } from "./lib/database.js";
import { env } from "./lib/env.js";
import { jobsConfig } from "./jobs/index.js";

const dirname = path.dirname(fileURLToPath(import.meta.url));
const allowedOrigins = [env.cmsUrl, env.siteUrl];

export default buildConfig({
  serverURL: env.cmsUrl,
  secret: env.payloadSecret,
  telemetry: false,
  db: databaseAdapter(),
  sharp,
  editor: lexicalEditor(),
  collections: [Events, Organizations, Media, Users],
  globals: [SiteSettings],
  localization: {
    locales: locales.map((l) => ({ code: l.code, label: `${l.nativeName} (${l.code})` })),
    defaultLocale,
    fallback: true,
  },
  i18n: { supportedLanguages: { en, ru, zh }, fallbackLanguage: "en" },
  admin: {
    user: Users.slug,
    importMap: { baseDir: dirname },
    meta: { titleSuffix: " — CICA Events" },
    timezones: { supportedTimezones: timeZoneOptions, defaultTimezone: defaultTimeZone },
  },
  cors: allowedOrigins,
  csrf: allowedOrigins,
  jobs: jobsConfig,
  typescript: { autoGenerate: false, outputFile: path.resolve(dirname, "payload-types.ts") },
  graphQL: { disablePlaygroundInProduction: true },
});

import config from "@payload-config";
import "@payloadcms/next/css";
import { REST_DELETE, REST_GET, REST_OPTIONS, REST_PATCH, REST_POST, REST_PUT } from "@payloadcms/next/routes";
import { withBodyLimit } from "../../../../lib/bodyLimits";
import { withDatabase } from "../../../../lib/databaseOutage";
import { withKnownLocale } from "../../../../lib/knownLocale";
import { withPublicReadCache } from "../../../../lib/publicReadCache";
import { withQueryShape } from "../../../../lib/queryShape";

// Checks that need no database come first (a bad request is 4xx even during an outage).
const database = withDatabase(config);
// Anonymous reads of public content, from memory while nothing public has changed (lib/publicReadCache.ts).
const publicReadCache = withPublicReadCache(config);

export const GET = withKnownLocale(withQueryShape(database(publicReadCache(REST_GET(config)))));
export const POST = withKnownLocale(withQueryShape(withBodyLimit(database(REST_POST(config)))));
export const DELETE = withKnownLocale(withQueryShape(database(REST_DELETE(config))));
export const PATCH = withKnownLocale(withQueryShape(withBodyLimit(database(REST_PATCH(config)))));
export const PUT = withKnownLocale(withQueryShape(withBodyLimit(database(REST_PUT(config)))));
export const OPTIONS = REST_OPTIONS(config);

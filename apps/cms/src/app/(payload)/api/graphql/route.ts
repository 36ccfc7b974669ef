import config from "@payload-config";
import { GRAPHQL_POST, REST_OPTIONS } from "@payloadcms/next/routes";
import { withBodyLimit } from "../../../../lib/bodyLimits";
import { withDatabase } from "../../../../lib/databaseOutage";
import { withKnownLocale } from "../../../../lib/knownLocale";

export const POST = withKnownLocale(withBodyLimit(withDatabase(config)(GRAPHQL_POST(config))));
export const OPTIONS = REST_OPTIONS(config);

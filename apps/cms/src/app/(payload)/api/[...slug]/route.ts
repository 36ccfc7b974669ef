import config from "@payload-config";
import "@payloadcms/next/css";
import { REST_DELETE, REST_GET, REST_OPTIONS, REST_PATCH, REST_POST, REST_PUT } from "@payloadcms/next/routes";
import { withBodyLimit } from "../../../../lib/bodyLimits";
import { withKnownLocale } from "../../../../lib/knownLocale";

export const GET = withKnownLocale(REST_GET(config));
export const POST = withKnownLocale(withBodyLimit(REST_POST(config)));
export const DELETE = withKnownLocale(REST_DELETE(config));
export const PATCH = withKnownLocale(withBodyLimit(REST_PATCH(config)));
export const PUT = withKnownLocale(withBodyLimit(REST_PUT(config)));
export const OPTIONS = REST_OPTIONS(config);

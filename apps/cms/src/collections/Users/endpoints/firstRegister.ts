import { APIError, type Endpoint } from "payload";
import { env } from "../../../lib/env";

/**
 * Payload lets anyone create the first account while the users collection is empty; in production
 * that made a stranger admin of a fresh install. Production's first admin comes from ADMIN_EMAIL /
 * ADMIN_PASSWORD at start or `npm run create-admin -w @cica/cms`. A collection endpoint with the same
 * path comes before Payload's own (payload/dist/utilities/handleEndpoints.js takes the first match).
 */
export const refuseFirstRegisterInProduction: Endpoint[] = env.devDefaultsAllowed
  ? []
  : [
      {
        path: "/first-register",
        method: "post",
        handler: () => {
          throw new APIError(
            "Registering the first user is off in production: set ADMIN_EMAIL and ADMIN_PASSWORD and restart, or run `npm run create-admin -w @cica/cms`.",
            403,
            undefined,
            true,
          );
        },
      },
    ];

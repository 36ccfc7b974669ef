import type { JobsConfig } from "payload";
import { env } from "../lib/env";

/**
 * The jobs queue runs inside the CMS process (no separate worker to start),
 * so scheduled publish and unpublish work under a plain `npm start`. Payload
 * adds its own `schedulePublish` task because Events has schedulePublish on.
 * Issue #5 adds the build-notice task here.
 */
export const jobsConfig: JobsConfig = {
  tasks: [],
  autoRun: env.jobsAutoRun ? [{ cron: env.jobsCron, allQueues: true, limit: 20, silent: true }] : undefined,
  // Anyone who may publish may see the queue; running it by hand is for admins.
  access: { run: ({ req }) => (req.user as { role?: string } | null)?.role === "admin" },
};

import type { JobsConfig } from "payload";
import { env } from "../lib/env";
import { BUILD_NOTICE_QUEUE } from "../pipeline/notice";
import { notifySiteBuild } from "../pipeline/notifySiteBuild";

/**
 * The jobs queue runs inside the CMS process (no separate worker to start),
 * so scheduled publishing and the build notices work under a plain
 * `npm start`. Payload adds its own `schedulePublish` task because Events has
 * schedulePublish on. Build notices have a queue of their own, polled more
 * often (it only retries: a new notice is sent at once, see pipeline/notice.ts).
 */
export const jobsConfig: JobsConfig = {
  tasks: [notifySiteBuild],
  autoRun: env.jobsAutoRun
    ? [
        { cron: env.jobsCron, queue: "default", limit: 20, silent: true },
        { cron: env.buildNoticeCron, queue: BUILD_NOTICE_QUEUE, limit: 50, silent: { info: true } },
      ]
    : undefined,
  // Anyone who may publish may see the queue; running it by hand is for admins.
  access: { run: ({ req }) => req.user?.role === "admin" },
};

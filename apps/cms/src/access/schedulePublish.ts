import { docAccessOperation, docAccessOperationGlobal, type PayloadRequest, type ServerFunction } from "payload";
import { schedulePublishHandler, type SchedulePublishHandlerArgs } from "@payloadcms/ui/utilities/schedulePublishHandler";

type Target = Pick<SchedulePublishHandlerArgs, "doc" | "global">;

/** What a schedule is for: given when scheduling; when cancelling, only the job's id comes, so read it from the job. */
async function targetOf(args: SchedulePublishHandlerArgs, req: PayloadRequest): Promise<Target> {
  if (args.doc || args.global || args.deleteID === undefined) return { doc: args.doc, global: args.global };
  const job = await req.payload.findByID({
    collection: "payload-jobs",
    id: args.deleteID,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    req,
  });
  // payload-jobs keeps every task's input in one JSON field; the job a Schedule drawer cancels is a schedulePublish job.
  const input = (job?.input ?? undefined) as Target | undefined;
  return { doc: input?.doc, global: input?.global };
}

/**
 * The admin's Schedule drawer queues (or cancels) Payload's `schedulePublish`
 * job through this server function. Payload's own handler checks only that
 * the user may open the admin, and the job later publishes or unpublishes as
 * that user. So the same rule that decides whether the Schedule button shows
 * (update access with `_status: "published"`) decides here, before anything is
 * queued or cancelled: a translator cannot schedule, not even by calling the
 * server function by hand.
 */
export const schedulePublishForPublishers: ServerFunction<SchedulePublishHandlerArgs> = async (args) => {
  const { req } = args;
  const { doc, global } = await targetOf(args, req);
  const data = { _status: "published" };
  const collection = doc ? req.payload.collections[doc.relationTo] : undefined;
  const globalConfig = global ? req.payload.config.globals.find((g) => g.slug === global) : undefined;
  let mayPublish = false;
  if (doc && collection) mayPublish = Boolean((await docAccessOperation({ id: doc.value, collection, data, req })).update);
  else if (globalConfig) mayPublish = Boolean((await docAccessOperationGlobal({ globalConfig, data, req })).update);
  if (!mayPublish) return { error: "Only editors and admins schedule publishing; a translator saves drafts." };
  return schedulePublishHandler(args);
};

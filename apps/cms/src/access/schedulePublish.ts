import { docAccessOperation, docAccessOperationGlobal, type ServerFunction } from "payload";
import { schedulePublishHandler, type SchedulePublishHandlerArgs } from "@payloadcms/ui/utilities/schedulePublishHandler";

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
  const { doc, global, req } = args;
  const data = { _status: "published" };
  const collection = doc ? req.payload.collections[doc.relationTo] : undefined;
  const globalConfig = global ? req.payload.config.globals.find((g) => g.slug === global) : undefined;
  const mayPublish = collection
    ? (await docAccessOperation({ id: doc!.value, collection, data, req })).update
    : globalConfig
      ? (await docAccessOperationGlobal({ globalConfig, data, req })).update
      : false;
  if (!mayPublish) return { error: "Only editors and admins schedule publishing; a translator saves drafts." };
  return schedulePublishHandler(args);
};

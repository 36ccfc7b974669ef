import type { Access, FieldAccess } from "payload";
import { hasRole, userOf } from "./roles";

// Shared access predicates, named as the sentence they answer.

export const anyone: Access = () => true;

export const signedIn: Access = ({ req }) => Boolean(userOf(req));

export const isAdmin: Access = ({ req }) => hasRole(req, "admin");

export const isAdminField: FieldAccess = ({ req }) => hasRole(req, "admin");

/** Editors and admins manage content and settings; translators only translate. */
export const editorOrAdmin: Access = ({ req }) => hasRole(req, "admin", "editor");

/** Anyone with a role may open a document to work on it; what they may change is checked on save. */
export const staff: Access = ({ req }) => hasRole(req, "admin", "editor", "translator");

/**
 * Staff save; only editors and admins publish. Payload asks this with
 * `data._status: "published"` to decide whether the admin shows Publish,
 * Unpublish and Schedule (getDocumentPermissions in @payloadcms/next), so a
 * translator never sees the buttons the server refuses them.
 */
export const staffSaveEditorsPublish: Access = ({ req, data }) => {
  if (hasRole(req, "admin", "editor")) return true;
  return hasRole(req, "translator") && data?._status !== "published";
};

/** Visitors see published documents only; signed-in staff also see drafts. */
export const publishedOrSignedIn: Access = ({ req }) => {
  if (userOf(req)) return true;
  return { _status: { equals: "published" } };
};

/**
 * Like publishedOrSignedIn, for a document that existed before it had drafts:
 * one stored without `_status` was live, and stays visible.
 */
export const notDraftOrSignedIn: Access = ({ req }) => {
  if (userOf(req)) return true;
  return { _status: { not_equals: "draft" } };
};

/** Admins see every account; everyone else only their own. */
export const adminOrSelf: Access = ({ req }) => {
  const user = userOf(req);
  if (!user) return false;
  if (user.role === "admin") return true;
  return { id: { equals: user.id } };
};

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

/** Visitors see published documents only; signed-in staff also see drafts. */
export const publishedOrSignedIn: Access = ({ req }) => {
  if (userOf(req)) return true;
  return { _status: { equals: "published" } };
};

/** Admins see every account; everyone else only their own. */
export const adminOrSelf: Access = ({ req }) => {
  const user = userOf(req);
  if (!user) return false;
  if (user.role === "admin") return true;
  return { id: { equals: user.id } };
};

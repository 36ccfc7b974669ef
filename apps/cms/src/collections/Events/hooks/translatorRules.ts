import type { CollectionBeforeChangeHook, CollectionBeforeOperationHook, CollectionSlug } from "payload";
import { ForbiddenChange, guardTranslatorChange, refuseTranslatorLiveChange } from "../../../access/translatorGuard";
import { isTranslator } from "../../../access/roles";

/** Translators work inside existing documents: they neither create nor delete. */
export const refuseTranslatorCreateOrDelete =
  <Slug extends CollectionSlug>(label: string): CollectionBeforeOperationHook<Slug> =>
  ({ args, operation, req }) => {
    if (!isTranslator(req)) return args;
    if (operation === "create")
      throw new ForbiddenChange(`Translators cannot create ${label}; ask an editor to create it, then translate it.`);
    if (operation === "delete") throw new ForbiddenChange(`Translators cannot delete ${label}; ask an editor.`);
    return args;
  };

/** On a collection with drafts, translators only ever save drafts (see refuseTranslatorLiveChange). */
export const translatorsSaveDraftsOnly: CollectionBeforeOperationHook<"events"> = ({ args, operation, req }) => {
  refuseTranslatorLiveChange(req, operation, args);
  return args;
};

export const translatorRules =
  (label: string): CollectionBeforeChangeHook =>
  ({ collection, data, originalDoc, operation, req }) => {
    guardTranslatorChange({ req, fields: collection.fields, data, originalDoc, operation, label });
    return data;
  };

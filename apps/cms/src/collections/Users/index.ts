import type { CollectionConfig } from "payload";
import { limits, localeCodes, locales } from "@cica/schema";
import { boundedText } from "../../fields/limits";
import { adminOrSelf, isAdmin, isAdminField } from "../../access/predicates";
import { roles } from "../../access/roles";
import { env } from "../../lib/env";
import { refuseFirstRegisterInProduction } from "./endpoints/firstRegister";
import { equalSignInWork } from "./hooks/equalSignInWork";
import { passwordPolicy } from "./hooks/passwordPolicy";
import { forgiveSignIn, limitSignIns } from "./hooks/signInLimits";

const L = (en: string, ru: string, zh: string) => ({ en, ru, zh });

export const Users: CollectionConfig<"users"> = {
  slug: "users",
  labels: { singular: L("User", "Пользователь", "用户"), plural: L("Users", "Пользователи", "用户") },
  admin: {
    useAsTitle: "email",
    defaultColumns: ["email", "name", "role", "locales"],
    group: L("Administration", "Администрирование", "管理"),
  },
  auth: {
    // Off: Payload's lock is per account, so anyone could lock the admin out, and its message
    // confirmed the account. hooks/signInLimits.ts limits per account and client instead.
    maxLoginAttempts: 0,
    tokenExpiration: 8 * 60 * 60,
    cookies: { secure: env.isProduction && env.cmsUrl.startsWith("https://"), sameSite: "Lax" },
  },
  access: {
    // The first account: Payload's first-user screen in local development only
    // (endpoints/firstRegister.ts); in production ADMIN_EMAIL/ADMIN_PASSWORD or create-admin.
    create: isAdmin,
    read: adminOrSelf,
    update: adminOrSelf,
    delete: isAdmin,
    admin: ({ req }) => Boolean(req.user),
  },
  endpoints: refuseFirstRegisterInProduction,
  hooks: {
    // The limit first: a refused attempt costs no hashing work.
    beforeOperation: [passwordPolicy, limitSignIns, equalSignInWork],
    afterLogin: [forgiveSignIn],
    beforeChange: [
      async ({ data, operation, req }) => {
        // Whoever sets the system up is its first admin.
        if (operation === "create") {
          const { totalDocs } = await req.payload.count({ collection: "users", req, overrideAccess: true });
          if (totalDocs === 0) data.role = "admin";
        }
        return data;
      },
    ],
  },
  fields: [
    boundedText({ name: "name", type: "text", label: L("Name", "Имя", "姓名") }, limits.shortText),
    {
      name: "role",
      type: "select",
      required: true,
      defaultValue: "editor",
      saveToJWT: true,
      access: { create: isAdminField, update: isAdminField },
      label: L("Role", "Роль", "角色"),
      options: [
        {
          value: "admin",
          label: L("Admin — everything, including users", "Администратор — всё, включая пользователей", "管理员——全部权限，包括用户"),
        },
        {
          value: "editor",
          label: L("Editor — content and settings, publishes", "Редактор — содержание и настройки, публикует", "编辑——内容和设置，可发布"),
        },
        {
          value: "translator",
          label: L(
            "Translator — translates drafts in assigned languages",
            "Переводчик — переводит черновики на назначенные языки",
            "译者——以指定语言翻译草稿",
          ),
        },
      ] satisfies { value: (typeof roles)[number]; label: unknown }[],
    },
    {
      name: "locales",
      type: "select",
      hasMany: true,
      saveToJWT: true,
      access: { create: isAdminField, update: isAdminField },
      label: L("Languages", "Языки", "语言"),
      options: locales.map((l) => ({ value: l.code, label: `${l.nativeName} (${l.code})` })),
      admin: {
        condition: (data) => data?.role === "translator",
        description: L("The languages this translator may change.", "Языки, которые переводчик может изменять.", "该译者可修改的语言。"),
      },
      validate: (value: unknown, { siblingData }: { siblingData: Record<string, unknown> }) =>
        siblingData.role === "translator" && (!Array.isArray(value) || value.length === 0)
          ? `locales [all languages]: a translator needs at least one language (${localeCodes.join(", ")})`
          : true,
    },
  ],
};

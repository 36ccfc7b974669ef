import type { GlobalBeforeOperationHook, GlobalConfig, NumberField } from "payload";
import { notDraftOrSignedIn, staff, staffSaveEditorsPublish } from "../access/predicates";
import { ForbiddenChange, guardTranslatorChange, refuseTranslatorLiveChange } from "../access/translatorGuard";
import { CalendarDurationMinutes, limits, SiteSettings as SiteSettingsSchema } from "@cica/schema";
import { publishableBySchema } from "../fields/publishable";
import { boundedRows, boundedText, withLimit } from "../fields/limits";
import { defaultTimeZone, timeZoneOptions } from "../fields/options";
import { requiredInDefaultLocale, validateUrl } from "../fields/validators";
import { notifyBuildOnSettings } from "../pipeline/usedByPublished";

const L = (en: string, ru: string, zh: string) => ({ en, ru, zh });

/**
 * The settings are on every page: unpublished, the site would have no name,
 * footer or banner to fall back to. Whoever wants a change publishes it.
 */
const refuseUnpublish: GlobalBeforeOperationHook = ({ args, operation }) => {
  if (operation === "update" && !args?.draft && (args?.data?._status === "draft" || args?.unpublishAllLocales)) {
    throw new ForbiddenChange("Site settings cannot be unpublished: every page uses them. Publish the settings you want instead.");
  }
  return args;
};

const translatorsSaveDraftsOnly: GlobalBeforeOperationHook = ({ args, operation, req }) => {
  refuseTranslatorLiveChange(req, operation, args ?? {});
  return args;
};

/** Published settings parse with the site's schema in every locale (fields/publishable.ts). */
const publishableSettings = publishableBySchema({
  schema: SiteSettingsSchema,
  toInput: (doc) => ({ ...doc, updatedAt: undefined }),
  drafts: true,
});

export const SiteSettings: GlobalConfig<"site-settings"> = {
  slug: "site-settings",
  label: L("Site settings", "Настройки сайта", "网站设置"),
  admin: {
    group: L("Administration", "Администрирование", "管理"),
    // The server refuses unpublishing (refuseUnpublish), so the admin does not offer it.
    components: { elements: { UnpublishButton: "/components/NoButton#NoButton" } },
  },
  // Visitors (and the site build) read the published settings; staff also drafts.
  // Translators save drafts of their languages; editors and admins publish.
  access: { read: notDraftOrSignedIn, update: staffSaveEditorsPublish, readVersions: staff },
  versions: { max: 50, drafts: true },
  hooks: {
    beforeOperation: [translatorsSaveDraftsOnly, refuseUnpublish],
    beforeChange: [
      ({ data, originalDoc, req, global }) => {
        guardTranslatorChange({ req, fields: global.fields, data, originalDoc, operation: "update", label: "site settings" });
        return data;
      },
    ],
    afterChange: [notifyBuildOnSettings],
  },
  fields: [
    boundedText(
      {
        name: "siteName",
        type: "text",
        localized: true,
        label: L("Site name", "Название сайта", "网站名称"),
        validate: requiredInDefaultLocale,
      },
      limits.title,
    ),
    boundedText({ name: "tagline", type: "text", localized: true, label: L("Tagline", "Подзаголовок", "副标题") }, limits.shortText),
    {
      name: "banner",
      type: "group",
      label: L("Main news banner", "Баннер главной новости", "要闻横幅"),
      fields: [
        { name: "enabled", type: "checkbox", defaultValue: false, label: L("Show the banner", "Показывать баннер", "显示横幅") },
        boundedText({ name: "text", type: "text", localized: true, label: L("Text", "Текст", "文本") }, limits.longText),
        {
          type: "row",
          fields: [
            boundedText({ name: "linkUrl", type: "text", label: L("Link", "Ссылка", "链接"), validate: validateUrl }, limits.url),
            boundedText(
              { name: "linkLabel", type: "text", localized: true, label: L("Link label", "Текст ссылки", "链接文字") },
              limits.shortText,
            ),
          ],
        },
        {
          name: "expiresAt",
          type: "date",
          label: L("Hide after", "Скрыть после", "到期隐藏"),
          admin: {
            date: { pickerAppearance: "dayAndTime" },
            description: L(
              "Leave empty to keep it until switched off.",
              "Оставьте пустым, чтобы показывать до отключения.",
              "留空则一直显示直到关闭。",
            ),
          },
        },
      ],
    },
    {
      name: "defaultTimeZone",
      type: "select",
      options: timeZoneOptions,
      defaultValue: defaultTimeZone,
      label: L("Default time zone", "Часовой пояс по умолчанию", "默认时区"),
    },
    // Calendars need an end: an event announced without one gets this duration in its .ics and calendar links (the page says so).
    withLimit<NumberField>(
      {
        name: "calendarDefaultDurationMinutes",
        type: "number",
        min: limits.calendarDurationMinutes.min,
        max: limits.calendarDurationMinutes.max,
        defaultValue: limits.calendarDurationMinutes.default,
        label: L(
          "Calendar duration of events without an end (minutes)",
          "Длительность в календаре для мероприятий без окончания (минуты)",
          "无结束时间活动的日历时长（分钟）",
        ),
        admin: {
          description: L(
            "Calendar files and links need an end time; the event page tells visitors this duration is assumed.",
            "Календарным файлам и ссылкам нужно время окончания; страница мероприятия сообщает, что длительность предполагается.",
            "日历文件和链接需要结束时间；活动页面会告知访客此时长为假定值。",
          ),
        },
      },
      (value) =>
        value === null || value === undefined ? null : (CalendarDurationMinutes.safeParse(value).error?.issues[0]?.message ?? null),
    ),
    {
      name: "footer",
      type: "group",
      label: L("Footer", "Подвал", "页脚"),
      fields: [
        boundedText({ name: "contacts", type: "textarea", localized: true, label: L("Contacts", "Контакты", "联系方式") }, limits.longText),
        boundedRows(
          {
            name: "links",
            type: "array",
            label: L("Links", "Ссылки", "链接"),
            fields: [
              boundedText(
                { name: "label", type: "text", localized: true, label: L("Label", "Текст", "文字"), validate: requiredInDefaultLocale },
                limits.shortText,
              ),
              boundedText(
                { name: "url", type: "text", required: true, label: L("Address", "Адрес", "地址"), validate: validateUrl },
                limits.url,
              ),
            ],
          },
          limits.lines,
        ),
      ],
    },
    publishableSettings,
  ],
};

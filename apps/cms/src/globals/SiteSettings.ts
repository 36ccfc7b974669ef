import type { GlobalConfig } from "payload";
import { anyone, staff } from "../access/predicates";
import { guardTranslatorChange } from "../access/translatorGuard";
import { defaultTimeZone, timeZoneOptions } from "../fields/options";
import { requiredInDefaultLocale, validateUrl } from "../fields/validators";
import { notifyBuildOnSettings } from "../pipeline/usedByPublished";

const L = (en: string, ru: string, zh: string) => ({ en, ru, zh });

export const SiteSettings: GlobalConfig = {
  slug: "site-settings",
  label: L("Site settings", "Настройки сайта", "网站设置"),
  admin: { group: L("Administration", "Администрирование", "管理") },
  access: { read: anyone, update: staff, readVersions: staff },
  versions: { max: 50 },
  hooks: {
    beforeChange: [
      ({ data, originalDoc, req, global }) => {
        guardTranslatorChange({ req, fields: global.fields, data, originalDoc, operation: "update", label: "site settings" });
        return data;
      },
    ],
    afterChange: [notifyBuildOnSettings],
  },
  fields: [
    { name: "siteName", type: "text", localized: true, label: L("Site name", "Название сайта", "网站名称"), validate: requiredInDefaultLocale },
    { name: "tagline", type: "text", localized: true, label: L("Tagline", "Подзаголовок", "副标题") },
    {
      name: "banner",
      type: "group",
      label: L("Main news banner", "Баннер главной новости", "要闻横幅"),
      fields: [
        { name: "enabled", type: "checkbox", defaultValue: false, label: L("Show the banner", "Показывать баннер", "显示横幅") },
        { name: "text", type: "text", localized: true, label: L("Text", "Текст", "文本") },
        {
          type: "row",
          fields: [
            { name: "linkUrl", type: "text", label: L("Link", "Ссылка", "链接"), validate: validateUrl },
            { name: "linkLabel", type: "text", localized: true, label: L("Link label", "Текст ссылки", "链接文字") },
          ],
        },
        {
          name: "expiresAt",
          type: "date",
          label: L("Hide after", "Скрыть после", "到期隐藏"),
          admin: { date: { pickerAppearance: "dayAndTime" }, description: L("Leave empty to keep it until switched off.", "Оставьте пустым, чтобы показывать до отключения.", "留空则一直显示直到关闭。") },
        },
      ],
    },
    { name: "defaultTimeZone", type: "select", options: timeZoneOptions, defaultValue: defaultTimeZone, label: L("Default time zone", "Часовой пояс по умолчанию", "默认时区") },
    {
      name: "footer",
      type: "group",
      label: L("Footer", "Подвал", "页脚"),
      fields: [
        { name: "contacts", type: "textarea", localized: true, label: L("Contacts", "Контакты", "联系方式") },
        {
          name: "links",
          type: "array",
          label: L("Links", "Ссылки", "链接"),
          fields: [
            { name: "label", type: "text", localized: true, label: L("Label", "Текст", "文字"), validate: requiredInDefaultLocale },
            { name: "url", type: "text", required: true, label: L("Address", "Адрес", "地址"), validate: validateUrl },
          ],
        },
      ],
    },
  ],
};

import type { Field, Validate } from "payload";
import {
  canonicalZone,
  checkValue,
  attendanceLabels,
  eventStatusLabels,
  interpretationLabels,
  themeLabels,
  statusesWithPreviousStart,
  limits,
  Slug,
} from "@cica/schema";
import { lexicalEditor } from "@payloadcms/richtext-lexical";
import { countryOptions, languageOptions, optionsFrom } from "../../fields/options";
import { wallClockDate } from "../../fields/wallClock";
import { localizedLines } from "../../fields/localizedLines";
import { fieldMessage } from "../../fields/messages";
import { requiredInDefaultLocale, validateEmails, validatePhones, validateUrl } from "../../fields/validators";
import { boundedRows, boundedText } from "../../fields/limits";
import { safeRichText } from "../../fields/richText";
import { bodyHtmlOnRead } from "./hooks/computeOnRead";

// Dates are typed as wall-clock time in the event's own zone (fields/wallClock.ts):
// `startsAt` keeps the UTC instant and `startsAt_tz` the zone; `timeZone` (the
// site's contract) is read from the start's zone.
const dateAppearance = { date: { pickerAppearance: "dayAndTime" as const, timeFormat: "HH:mm", displayFormat: "d MMM yyyy HH:mm" } };

const canonicalZoneOrSelf = (zone: string | undefined) => (zone ? (canonicalZone(zone) ?? zone) : null);

const L = (en: string, ru: string, zh: string) => ({ en, ru, zh });

const notOnline = (siblingData: Record<string, unknown>) => siblingData.attendance !== "online";

export const eventFields: Field[] = [
  {
    name: "translationStatus",
    type: "json",
    virtual: true,
    label: L("Translation status", "Статус перевода", "翻译状态"),
    admin: {
      position: "sidebar",
      readOnly: true,
      components: {
        Field: "/components/TranslationStatus#TranslationStatusField",
        Cell: "/components/TranslationStatus#TranslationStatusCell",
      },
    },
  },
  {
    name: "newEdition",
    type: "ui",
    admin: { position: "sidebar", components: { Field: "/components/DuplicateEditionButton#DuplicateEditionButton" } },
  },
  {
    name: "revision",
    type: "number",
    defaultValue: 0,
    label: L("Revision", "Редакция", "修订号"),
    admin: {
      position: "sidebar",
      readOnly: true,
      description: L("Grows by one with every publish.", "Увеличивается при каждой публикации.", "每次发布加一。"),
    },
  },
  boundedText(
    {
      name: "title",
      type: "text",
      localized: true,
      label: L("Title", "Название", "标题"),
      validate: requiredInDefaultLocale,
    },
    limits.title,
  ),
  {
    name: "slug",
    type: "text",
    unique: true,
    index: true,
    label: L("Address (slug)", "Адрес (slug)", "网址（slug）"),
    admin: {
      position: "sidebar",
      description: L(
        "Shared by all languages. Proposed from the English title; edit with care once published.",
        "Общий для всех языков. Предлагается по английскому названию.",
        "所有语言共用，根据英文标题生成。",
      ),
    },
    maxLength: limits.slug,
    validate: (value: unknown, { req, path }: { req: Parameters<typeof fieldMessage>[0]; path: (string | number)[] }) => {
      if (!value) return fieldMessage(req, path, false, "is required (type an English title and it is proposed)");
      const problem = checkValue(Slug, value);
      return problem ? fieldMessage(req, path, false, `"${String(value)}" ${problem}`) : true;
    },
  },
  boundedText(
    {
      name: "summary",
      type: "textarea",
      localized: true,
      label: L("Summary", "Краткое описание", "摘要"),
      admin: {
        description: L("One or two sentences for lists and search results.", "Одно-два предложения для списков.", "用于列表的一两句话。"),
      },
    },
    limits.summary,
  ),
  {
    type: "row",
    fields: [
      {
        name: "status",
        type: "select",
        required: true,
        defaultValue: "scheduled",
        options: optionsFrom(eventStatusLabels),
        label: L("Event status", "Статус мероприятия", "活动状态"),
      },
      {
        name: "attendance",
        type: "select",
        required: true,
        defaultValue: "in-person",
        options: optionsFrom(attendanceLabels),
        label: L("Form", "Формат", "形式"),
      },
    ],
  },
  ...wallClockDate({
    name: "startsAt",
    required: true,
    label: L("Starts", "Начало", "开始时间"),
    admin: {
      ...dateAppearance,
      description: L("Local time where the event is held.", "Местное время проведения.", "活动举办地当地时间。"),
    },
  }),
  ...wallClockDate({
    name: "endsAt",
    label: L("Ends", "Окончание", "结束时间"),
    zoneFollows: "startsAt",
    admin: dateAppearance,
    validate: (
      value: unknown,
      {
        req,
        path,
        siblingData,
      }: { req: Parameters<typeof fieldMessage>[0]; path: (string | number)[]; siblingData: Record<string, unknown> },
    ) => {
      if (!value || !siblingData.startsAt) return true;
      if (Date.parse(String(value)) < Date.parse(String(siblingData.startsAt))) {
        return fieldMessage(req, path, false, "must not be before the start");
      }
      // The site writes both times in the start's zone; an end typed in another zone's
      // wall-clock time would silently shift. The end's zone starts as the start's.
      const startZone = siblingData.startsAt_tz;
      const endZone = siblingData.endsAt_tz;
      if (typeof startZone === "string" && typeof endZone === "string" && startZone !== endZone) {
        return fieldMessage(
          req,
          path,
          false,
          `must be in the start's time zone (${startZone}), not ${endZone}: pick ${startZone} under Ends`,
        );
      }
      return true;
    },
  }),
  ...wallClockDate({
    name: "previousStartsAt",
    label: L("Originally announced start", "Первоначальная дата начала", "原定开始时间"),
    zoneFollows: "startsAt",
    admin: {
      ...dateAppearance,
      condition: (_, sibling) => statusesWithPreviousStart.includes(sibling?.status),
      description: L(
        "Kept automatically when a postponed event gets a new date.",
        "Сохраняется автоматически при переносе.",
        "延期并改期时自动保留。",
      ),
    },
  }),
  {
    name: "timeZone",
    type: "text",
    virtual: true,
    admin: { hidden: true },
    // Cast: field hooks get siblingData untyped; startsAt_tz is the zone stored beside startsAt.
    hooks: { afterRead: [({ siblingData }) => canonicalZoneOrSelf(siblingData.startsAt_tz as string | undefined)] },
  },
  {
    type: "collapsible",
    label: L("Place", "Место", "地点"),
    fields: [
      {
        type: "row",
        fields: [
          boundedText({ name: "venue", type: "text", localized: true, label: L("Venue", "Место проведения", "场地") }, limits.shortText),
          boundedText(
            {
              name: "city",
              type: "text",
              localized: true,
              label: L("City", "Город", "城市"),
              // Casts: Payload types siblingData loosely and a validate per field type; this one wraps the text validator.
              validate: ((value, options) =>
                notOnline(options.siblingData as Record<string, unknown>) ? requiredInDefaultLocale(value, options) : true) as Validate,
            },
            limits.shortText,
          ),
          {
            name: "country",
            type: "select",
            options: countryOptions,
            label: L("Country", "Страна", "国家"),
            // This validate replaces Payload's own, which also checked the value is an option: without
            // that, "ZZ" went on to the database's enum check and came back as a 500.
            validate: (
              value: unknown,
              {
                req,
                path,
                siblingData,
              }: { req: Parameters<typeof fieldMessage>[0]; path: (string | number)[]; siblingData: Record<string, unknown> },
            ) => {
              if (!value) return notOnline(siblingData) ? fieldMessage(req, path, false, "is required unless the event is online") : true;
              return countryOptions.some((option) => option.value === value)
                ? true
                : fieldMessage(
                    req,
                    path,
                    false,
                    `${JSON.stringify(String(value)).slice(0, 20)} is not a country of the list; use its two-letter code, such as "KZ"`,
                  );
            },
          },
        ],
      },
      boundedText(
        {
          name: "onlineUrl",
          type: "text",
          label: L("Online meeting link", "Ссылка на онлайн-встречу", "线上会议链接"),
          validate: validateUrl,
        },
        limits.url,
      ),
    ],
  },
  boundedRows(
    {
      name: "hosts",
      type: "relationship",
      relationTo: "organizations",
      hasMany: true,
      label: L("Hosts", "Организаторы", "主办方"),
      admin: {
        isSortable: true,
        description: L("In the order the announcement names them.", "В порядке, указанном в объявлении.", "按公告中的顺序。"),
      },
    },
    limits.lines,
  ),
  localizedLines("targetAudience", L("Target audience", "Целевая аудитория", "目标受众")),
  localizedLines("objectives", L("Objectives (additional information)", "Цели (дополнительная информация)", "目标（补充信息）")),
  safeRichText({ name: "body", type: "richText", localized: true, editor: lexicalEditor(), label: L("Body", "Текст", "正文") }),
  {
    name: "bodyHtml",
    type: "text",
    localized: true,
    virtual: true,
    admin: { hidden: true },
    hooks: { afterRead: [bodyHtmlOnRead] },
  },
  {
    type: "row",
    fields: [
      boundedRows(
        {
          name: "workingLanguages",
          type: "select",
          hasMany: true,
          options: languageOptions,
          label: L("Working languages", "Рабочие языки", "工作语言"),
        },
        limits.shortList,
      ),
      {
        name: "interpretation",
        type: "select",
        options: optionsFrom(interpretationLabels),
        label: L("Interpretation", "Перевод", "口译"),
      },
    ],
  },
  {
    type: "collapsible",
    label: L("Contacts and registration", "Контакты и регистрация", "联系方式与报名"),
    fields: [
      boundedText(
        { name: "contactIntro", type: "textarea", localized: true, label: L("Contact introduction", "Вступление к контактам", "联系说明") },
        limits.longText,
      ),
      boundedRows(
        {
          name: "contacts",
          type: "array",
          label: L("Contacts", "Контактные лица", "联系人"),
          fields: [
            {
              type: "row",
              fields: [
                boundedText(
                  { name: "name", type: "text", localized: true, label: L("Name", "Имя", "姓名"), validate: requiredInDefaultLocale },
                  limits.shortText,
                ),
                boundedText(
                  { name: "organization", type: "text", localized: true, label: L("Organisation", "Организация", "单位") },
                  limits.shortText,
                ),
              ],
            },
            {
              type: "row",
              fields: [
                boundedText(
                  { name: "phones", type: "text", hasMany: true, label: L("Phones", "Телефоны", "电话"), validate: validatePhones },
                  limits.contactValue,
                ),
                boundedText({ name: "fax", type: "text", label: L("Fax", "Факс", "传真"), validate: validatePhones }, limits.contactValue),
                boundedText(
                  { name: "emails", type: "text", hasMany: true, label: L("E-mails", "Эл. почта", "电子邮箱"), validate: validateEmails },
                  limits.contactValue,
                ),
              ],
            },
          ],
        },
        limits.lines,
      ),
      {
        type: "row",
        fields: [
          boundedText(
            {
              name: "registrationUrl",
              type: "text",
              label: L("Registration link", "Ссылка на регистрацию", "报名链接"),
              validate: validateUrl,
            },
            limits.url,
          ),
          ...wallClockDate({
            name: "registrationDeadline",
            label: L("Registration deadline", "Срок регистрации", "报名截止"),
            zoneFollows: "startsAt",
            admin: dateAppearance,
          }),
        ],
      },
    ],
  },
  boundedRows(
    {
      name: "documents",
      type: "upload",
      relationTo: "media",
      hasMany: true,
      label: L("Documents", "Документы", "文件"),
    },
    limits.lines,
  ),
  { name: "image", type: "upload", relationTo: "media", label: L("Image", "Изображение", "图片") },
  boundedRows(
    {
      name: "themes",
      type: "select",
      hasMany: true,
      options: optionsFrom(themeLabels),
      label: L("Themes", "Темы", "主题"),
    },
    limits.shortList,
  ),
];
